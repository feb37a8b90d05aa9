using Rollouts.Kubernetes.Runtime.Metrics;
using Rollouts.Operator.Hosting;
using Rollouts.Operator.Telemetry;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Hosting;

/// <summary>A real Prometheus scrapes the probe server's /metrics and can query the operator's series.</summary>
public sealed class MetricsScrapeTests
{
    [Fact]
    public async Task Prometheus_scrapes_the_operator_metrics_and_reads_the_phase_of_each_Rollout()
    {
        using var collector = new MetricsCollector();
        var rollout = "scraped-" + Guid.NewGuid().ToString("N")[..8];
        using var metrics = new OperatorMetrics(() => [new("shop", rollout, "canary", "Paused")], () => true);
        metrics.Aborted("shop", rollout, "AnalysisFailed");
        await using var server = await ProbeServer.StartAsync(
            new ProbeServerOptions { MetricsAddress = "127.0.0.1:0", ProbeAddress = "0", WriteMetrics = collector.WriteTo },
            CancellationToken.None);
        await using var prometheus = await PrometheusServer.StartAsync([server.MetricsUrl!.Authority]);

        var paused = await prometheus.WaitForSeriesAsync(
            $"rollouts_rollout_phase{{rollout=\"{rollout}\",phase=\"Paused\"}}",
            result => result.AsArray().Count == 1 && (string?)result[0]!["value"]![1] == "1");
        var aborts = await prometheus.WaitForSeriesAsync(
            $"rollouts_rollout_aborts_total{{rollout=\"{rollout}\"}}",
            result => result.AsArray().Count == 1);

        Assert.Equal("shop", (string?)paused[0]!["metric"]!["namespace"]);
        Assert.Equal("AnalysisFailed", (string?)aborts[0]!["metric"]!["reason"]);
    }
}
