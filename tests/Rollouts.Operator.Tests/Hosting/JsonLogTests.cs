using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Rollouts.Operator.Tests.Support;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Hosting;

/// <summary>
/// The operator process with <c>--log-format json</c>, as a log collector reads it: every line it writes is one JSON
/// object with a timestamp, a level and a message, and a reconcile's line carries the Rollout's namespace and name as
/// fields of their own. SIGTERM stops it with exit code 0.
/// </summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task Every_line_of_the_operator_is_one_json_object_and_reconcile_lines_name_the_rollout()
    {
        await using var api = await SandboxApi.StartAsync(new ApiServerOptions { ReadyDelay = TimeSpan.FromMilliseconds(150) });
        (await api.Kubectl.RunAsync("apply", "-f", RepositoryFiles.Crds)).EnsureSuccess();
        (await api.Kubectl.RunWithInputAsync(new CanarySample().Yaml(), "apply", "-f", "-")).EnsureSuccess();

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Rollouts.Operator.dll"), "--kubeconfig", api.KubeconfigPath, "--log-format", "json",
                     "--leader-elect=false", "--metrics-bind-address=0", "--health-probe-bind-address=0", "--verbose",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var lines = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Add(lines, e.Data);
        process.ErrorDataReceived += (_, e) => Add(lines, e.Data);
        Assert.True(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.WaitUntilAsync(() => lines.Any(l => l.Contains("\"EventId\":1000", StringComparison.Ordinal)),
                () => $"a reconcile's line (lines so far: {string.Join("\n", lines)})", TimeSpan.FromSeconds(60));
        }
        finally
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }

        Assert.Equal(0, process.ExitCode);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var entry = ParseObject(line);
            var root = entry.RootElement;
            Assert.True(DateTimeOffset.TryParse(root.GetProperty("Timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _), line);
            Assert.Contains(root.GetProperty("LogLevel").GetString(), new[] { "Trace", "Debug", "Information", "Warning", "Error", "Critical" });
            Assert.False(string.IsNullOrEmpty(root.GetProperty("Message").GetString()), line);
        }

        var reconcile = lines.Select(ParseObject).First(e => e.RootElement.GetProperty("EventId").GetInt32() == 1000);
        var state = reconcile.RootElement.GetProperty("State");
        Assert.Equal(("default", "web"), (state.GetProperty("Namespace").GetString(), state.GetProperty("Name").GetString()));
        Assert.StartsWith("Rollout default/web: ", reconcile.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("Operator stopped", StringComparison.Ordinal));
    }

    private static void Add(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    /// <summary>The line as one JSON object, failing with the line when it is anything else.</summary>
    private static JsonDocument ParseObject(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"not one JSON object: {line} ({e.Message})");
        }

        Assert.True(document.RootElement.ValueKind == JsonValueKind.Object, $"not a JSON object: {line}");
        return document;
    }
}
