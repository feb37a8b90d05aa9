using System.Diagnostics;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime;
using Rollouts.Kubernetes.Runtime.Metrics;
using Rollouts.Operator.Telemetry;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Telemetry;

/// <summary>
/// The whole /metrics text, with every operator, client and work-queue instrument holding values, passes
/// <c>promtool check metrics</c> (names, units, _total, HELP). Fails, never skips, when promtool is missing.
/// </summary>
public sealed class MetricsLintTests
{
    private const string Promtool = "/usr/bin/promtool";

    [Fact]
    public async Task Promtool_finds_no_problem_in_the_operators_metrics()
    {
        using var collector = new MetricsCollector();
        using var metrics = new OperatorMetrics(() => [new("shop", "web", "canary", "Progressing")], () => true);
        using var process = new ProcessMetrics();
        metrics.StepTransitioned("shop", "web");
        metrics.Aborted("shop", "web", "AnalysisFailed");
        metrics.Reconciled(TimeSpan.FromMilliseconds(12), "success");
        metrics.AnalysisRunPhase("Successful");
        metrics.Measured("prometheus", TimeSpan.FromMilliseconds(80));
        using (var queue = new WorkQueue<string>("lint-" + Guid.NewGuid().ToString("N")))
        {
            queue.Add("shop/web");
            queue.Add("shop/api");
            var item = await queue.GetAsync();
            queue.Done(item.Key);
            queue.AddRateLimited("shop/web");
            await AssertLintsCleanAsync(collector, "workqueue_depth{");
        }

        await using var api = await SandboxApi.StartAsync();
        using var client = api.CreateClient();
        await client.Resource<Event>().ListAsync("default");
        await Assert.ThrowsAsync<NotFoundException>(() => client.Resource<Lease>().GetAsync("default", "missing"));

        var text = await AssertLintsCleanAsync(
            collector,
            "rollouts_rollout_info{",
            "rollouts_rollout_phase{",
            "rollouts_rollout_step_transitions_total{",
            "rollouts_rollout_aborts_total{",
            "rollouts_reconcile_duration_seconds_bucket{",
            "rollouts_analysis_runs_total{",
            "rollouts_analysis_measurement_duration_seconds_bucket{",
            "rollouts_leader ",
            "rollouts_build_info{",
            "rollouts_kubernetes_client_requests_total{",
            "rollouts_kubernetes_client_request_duration_seconds_bucket{",
            "workqueue_adds_total{",
            "workqueue_retries_total{",
            "workqueue_queue_duration_seconds_bucket{",
            "workqueue_work_duration_seconds_bucket{",
            "dotnet_gc_allocated_bytes_total ",
            "dotnet_gc_collections_total{",
            "dotnet_gc_heap_size_bytes ",
            "dotnet_gc_committed_bytes ",
            "process_working_set_bytes ",
            "process_cpu_time_seconds_total ");
        Assert.Contains("code=\"404\",resource=\"leases\",verb=\"get\"", text, StringComparison.Ordinal);
    }

    /// <summary>Runs promtool over a scrape after checking it holds every family named; returns the scrape.</summary>
    private static async Task<string> AssertLintsCleanAsync(MetricsCollector collector, params string[] families)
    {
        var text = collector.Render();
        foreach (var family in families)
        {
            Assert.True(text.Contains("\n" + family, StringComparison.Ordinal), $"The scrape has no {family} series:\n{text}");
        }

        Assert.True(File.Exists(Promtool), $"{Promtool} is missing; install Debian's prometheus package (apt-get install -y prometheus).");
        var start = new ProcessStartInfo(Promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var promtool = Process.Start(start)!;
        var output = promtool.StandardOutput.ReadToEndAsync();
        var errors = promtool.StandardError.ReadToEndAsync();
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await promtool.WaitForExitAsync(deadline.Token);

        var problems = (await output + await errors).Trim();
        Assert.True(promtool.ExitCode == 0 && problems.Length == 0, $"promtool check metrics exited with {promtool.ExitCode}:\n{problems}\n\nThe scrape:\n{text}");
        return text;
    }
}
