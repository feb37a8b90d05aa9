using System.Diagnostics;
using Rollouts.Sandbox.Traffic;

namespace Rollouts.Sandbox.Tests.Traffic;

public sealed class IngressMetricsTests
{
    private const string KnownFinding = "nginx_ingress_controller_requests counter metrics should have \"_total\" suffix";

    private static readonly RequestLabels Canary500 = new("default", "web", "web-canary", "web-canary", "web.example.com", "GET", "/", "500");

    [Fact]
    public void A_request_is_counted_and_falls_in_every_bucket_from_its_duration_up()
    {
        var metrics = new IngressMetrics();
        metrics.Record(Canary500, TimeSpan.FromMilliseconds(30));
        metrics.Record(Canary500, TimeSpan.FromMilliseconds(30));

        var lines = metrics.Render().Split('\n');

        Assert.Contains(lines, l => l.StartsWith("nginx_ingress_controller_requests{canary=\"web-canary\",", StringComparison.Ordinal)
            && l.Contains("namespace=\"default\"", StringComparison.Ordinal) && l.Contains("service=\"web-canary\"", StringComparison.Ordinal)
            && l.Contains("ingress=\"web\"", StringComparison.Ordinal) && l.Contains("status=\"500\"", StringComparison.Ordinal) && l.EndsWith(" 2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("_bucket{", StringComparison.Ordinal) && l.Contains("le=\"0.025\"", StringComparison.Ordinal) && l.EndsWith(" 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("_bucket{", StringComparison.Ordinal) && l.Contains("le=\"0.05\"", StringComparison.Ordinal) && l.EndsWith(" 2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("_bucket{", StringComparison.Ordinal) && l.Contains("le=\"+Inf\"", StringComparison.Ordinal) && l.EndsWith(" 2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(IngressMetrics.DurationName + "_count{", StringComparison.Ordinal) && l.EndsWith(" 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_text_passes_promtool_check_metrics()
    {
        var metrics = new IngressMetrics();
        metrics.Record(Canary500, TimeSpan.FromMilliseconds(30));
        metrics.Record(Canary500 with { Service = "web-stable", Canary = "", Status = "200" }, TimeSpan.FromSeconds(2));
        metrics.Record(Canary500 with { Path = "/odd \"path\"\\x", Status = "503" }, TimeSpan.Zero);

        var (code, output) = await PromtoolCheckAsync(metrics.Render());

        // Exit code 1 is a parse error, 3 lint findings. The one finding allowed is the counter's name without
        // _total, which ingress-nginx itself exports and queries written for it use.
        var findings = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line != KnownFinding)
            .ToList();
        Assert.True(code is 0 or 3 && findings.Count == 0, $"promtool check metrics exited {code}:\n{output}\n{metrics.Render()}");
    }

    [Fact]
    public async Task Promtool_rejects_broken_text_so_the_check_above_means_something()
    {
        var (code, output) = await PromtoolCheckAsync("# TYPE x counter\nx{a=\"unterminated} 1\n");

        Assert.Equal(1, code);
        Assert.Contains("parsing error", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> PromtoolCheckAsync(string text)
    {
        var start = new ProcessStartInfo("promtool")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add("metrics");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
