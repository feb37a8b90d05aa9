using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.Prometheus;

/// <summary>
/// The real <c>prometheus</c> binary (Debian's package) on a free 127.0.0.1 port, with a config written to a temp
/// directory that scrapes the given targets (path /metrics) every second, and its storage in the same directory;
/// the directory is deleted on dispose. Stopping sends SIGTERM and kills the process if it does not stop in time.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    /// <summary>The binary's name on PATH.</summary>
    public const string BinaryName = "prometheus";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;
    private readonly StringBuilder _log = new();

    private PrometheusProcess(Process process, string directory, Uri url)
    {
        _process = process;
        _directory = directory;
        Url = url;
        _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The base URL without the trailing slash, as printed and as templates write it.</summary>
    public string Address => Url.GetLeftPart(UriPartial.Authority);

    /// <summary>What the server wrote so far (its log), for error messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The binary's path when it is on PATH, else null.</summary>
    public static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, BinaryName))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts Prometheus scraping <paramref name="targets"/> (host:port) every second as job <paramref name="job"/> and waits until it is ready.</summary>
    /// <exception cref="InvalidOperationException">The binary is not on PATH, or it exited before it was ready.</exception>
    /// <exception cref="TimeoutException">It was not ready within 30 s.</exception>
    public static async Task<PrometheusProcess> StartAsync(IEnumerable<string> targets, CancellationToken cancellationToken = default, string job = "sandbox")
    {
        ArgumentNullException.ThrowIfNull(targets);
        var binary = FindBinary() ?? throw new InvalidOperationException(
            "The prometheus binary is not on PATH. Install Debian's prometheus package (apt-get install -y prometheus).");
        var directory = Directory.CreateTempSubdirectory("rollouts-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        var targetList = string.Join(", ", targets.Select(t => $"'{t}'"));
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: {job}
                scrape_interval: 1s
                scrape_timeout: 1s
                static_configs:
                  - targets: [{targetList}]
            """, cancellationToken).ConfigureAwait(false);

        var port = FreePort();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--config.file={config}");
        start.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(directory, "data")}");
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        start.ArgumentList.Add("--log.level=warn");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start");
        var server = new PrometheusProcess(process, directory, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await server.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The <c>data.result</c> of an instant query, or null when the server did not answer with success.</summary>
    public async Task<JsonNode?> QueryAsync(string query, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri($"api/v1/query?query={Uri.EscapeDataString(query)}", UriKind.Relative), cancellationToken)
            .ConfigureAwait(false);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return body?["status"]?.GetValue<string>() == "success" ? body["data"]?["result"] : null;
    }

    /// <summary>A port the system just handed out and released; another process could take it, which is rare.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode} before it was ready:\n{Log}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (TimeProvider.System.GetElapsedTime(started) > StartDeadline)
            {
                throw new TimeoutException($"prometheus at {Url} was not ready within {StartDeadline.TotalSeconds} s:\n{Log}");
            }

            // Readiness is only observable by asking; Prometheus is usually ready within a second.
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM lets Prometheus close its storage cleanly; kill it if it does not stop in time.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync().ConfigureAwait(false);
            }

            using var deadline = new CancellationTokenSource(StopDeadline);
            try
            {
                await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
