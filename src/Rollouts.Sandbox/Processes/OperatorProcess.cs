using System.Diagnostics;
using System.Globalization;
using System.Net;
using Rollouts.Sandbox.Prometheus;

namespace Rollouts.Sandbox.Processes;

/// <summary>How to start the operator as a process of its own.</summary>
public sealed record OperatorProcessOptions
{
    /// <summary>The published <c>Rollouts.Operator.dll</c> (see <see cref="OperatorPublish"/>), run with <c>dotnet</c>.</summary>
    public required string AssemblyPath { get; init; }

    /// <summary>The kubeconfig the operator uses (<c>--kubeconfig</c>).</summary>
    public required string KubeconfigPath { get; init; }

    /// <summary>Compete for the Lease (<c>--leader-elect</c>); off by default, as for a single replica.</summary>
    public bool LeaderElect { get; init; }

    /// <summary>More command-line arguments, e.g. <c>--workers 4</c>, <c>--prometheus-address URL</c>, <c>--instance-id ID</c>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Environment variables set for the process (e.g. <c>DOTNET_gcServer</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Wait for <c>/readyz</c> to answer 200 before <see cref="OperatorProcess.StartAsync"/> returns.</summary>
    public bool WaitReady { get; init; } = true;

    /// <summary>How long start-up may take until ready.</summary>
    public TimeSpan StartDeadline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many of the last log lines <see cref="OperatorProcess.Log"/> keeps.</summary>
    public int LogLines { get; init; } = 1000;
}

/// <summary>
/// The operator as a separate process (<c>dotnet Rollouts.Operator.dll --kubeconfig FILE ...</c>), so that its memory
/// and CPU are its own and it can be killed at any instruction: /metrics, /healthz and /readyz on one free
/// 127.0.0.1 port, the last lines of its log, its working set and CPU time from /proc, SIGKILL (<see cref="Kill"/>, <see cref="KillAsync"/>)
/// and SIGTERM (<see cref="StopAsync"/>). Used by the benchmarks (bench/Rollouts.Bench) and the fault suite.
/// </summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly Queue<string> _log = new();
    private readonly int _logLines;

    private OperatorProcess(Process process, Uri url, int logLines, long startedTimestamp)
    {
        _process = process;
        _logLines = logLines;
        Url = url;
        StartedTimestamp = startedTimestamp;
        _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The operating system's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Where /metrics, /healthz and /readyz are served, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Url { get; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long StartedTimestamp { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the process wrote (stdout and stderr), for error messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>Starts the operator and, unless told otherwise, waits until it is ready.</summary>
    /// <exception cref="InvalidOperationException">The process exited before it was ready.</exception>
    /// <exception cref="TimeoutException">It was not ready within <see cref="OperatorProcessOptions.StartDeadline"/>.</exception>
    public static async Task<OperatorProcess> StartAsync(OperatorProcessOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var port = PrometheusProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] fixedArgs =
        [
            options.AssemblyPath, "--kubeconfig", options.KubeconfigPath, $"--leader-elect={(options.LeaderElect ? "true" : "false")}",
            "--metrics-bind-address", $"127.0.0.1:{port}", "--health-probe-bind-address", $"127.0.0.1:{port}",
        ];
        foreach (var arg in fixedArgs.Concat(options.Arguments))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in options.Environment)
        {
            start.Environment[name] = value;
        }

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var result = new OperatorProcess(process, new Uri($"http://127.0.0.1:{port}/"), options.LogLines, started);
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (options.WaitReady)
        {
            try
            {
                await result.WaitReadyAsync(options.StartDeadline, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await result.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return result;
    }

    /// <summary>True when <c>/readyz</c> answers 200 (every informer has synced).</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("readyz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Waits until <c>/readyz</c> answers 200.</summary>
    /// <exception cref="InvalidOperationException">The process exited first.</exception>
    /// <exception cref="TimeoutException">Not ready within <paramref name="deadline"/>.</exception>
    public async Task WaitReadyAsync(TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await IsReadyAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the operator exited with code {_process.ExitCode} before it was ready:\n{Log}");
            }

            if (Stopwatch.GetElapsedTime(started) > deadline)
            {
                throw new TimeoutException($"the operator at {Url} was not ready within {deadline.TotalSeconds} s:\n{Log}");
            }

            // Readiness is only observable by asking.
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The text of <c>/metrics</c>.</summary>
    public async Task<string> ScrapeAsync(CancellationToken cancellationToken = default) =>
        await _http.GetStringAsync(new Uri("metrics", UriKind.Relative), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The sum of every series of metric <paramref name="name"/> in a scrape whose labels contain
    /// <paramref name="labelFilter"/> (e.g. <c>result="success"</c>), or null when there is none.
    /// </summary>
    public static double? MetricValue(string scrape, string name, string? labelFilter = null)
    {
        ArgumentNullException.ThrowIfNull(scrape);
        double? sum = null;
        foreach (var line in scrape.Split('\n'))
        {
            if (line.Length <= name.Length || !line.StartsWith(name, StringComparison.Ordinal) || (line[name.Length] != ' ' && line[name.Length] != '{'))
            {
                continue;
            }

            if (labelFilter is not null && !line.Contains(labelFilter, StringComparison.Ordinal))
            {
                continue;
            }

            var value = line[(line.LastIndexOf(' ') + 1)..];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                sum = (sum ?? 0) + v;
            }
        }

        return sum;
    }

    /// <summary>Working set and CPU time now, from /proc.</summary>
    public ProcessSample Sample() => ProcessSample.Read(_process.Id);

    /// <summary>SIGKILL: the process ends at once, at whatever instruction it was.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }

    /// <summary>SIGKILL, then waits (up to 30 s) until the process is gone: nothing of it runs after this returns.</summary>
    public async Task KillAsync()
    {
        Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    /// <summary>SIGTERM, then SIGKILL if the process has not ended within <paramref name="grace"/>; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? grace = null)
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync().ConfigureAwait(false);
            }

            using var deadline = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > _logLines)
            {
                _log.Dequeue();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _http.Dispose();
        _process.Dispose();
    }
}
