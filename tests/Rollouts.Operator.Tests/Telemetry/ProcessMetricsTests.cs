using System.Globalization;
using Rollouts.Kubernetes.Runtime.Metrics;
using Rollouts.Operator.Telemetry;

namespace Rollouts.Operator.Tests.Telemetry;

public sealed class ProcessMetricsTests
{
    [Fact]
    public void Allocated_bytes_grow_by_at_least_what_was_allocated_between_two_scrapes()
    {
        using var collector = new MetricsCollector(meter => meter.Name == ProcessMetrics.MeterName);
        using var metrics = new ProcessMetrics();
        var before = Value(collector.Render(), "dotnet_gc_allocated_bytes_total");
        var kept = new byte[4 * 1024 * 1024];
        var after = Value(collector.Render(), "dotnet_gc_allocated_bytes_total");

        Assert.True(after - before >= kept.Length, $"allocated grew by {after - before} bytes, less than the {kept.Length} allocated");
        Assert.True(Value(collector.Render(), "process_working_set_bytes") > 0);
        Assert.Contains("dotnet_gc_collections_total{generation=\"gen0\"}", collector.Render(), StringComparison.Ordinal);
    }

    private static double Value(string scrape, string name) =>
        double.Parse(
            scrape.Split('\n').Single(line => line.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..],
            CultureInfo.InvariantCulture);
}
