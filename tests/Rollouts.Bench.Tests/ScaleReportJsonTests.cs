using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Bench;

namespace Rollouts.Bench.Tests;

/// <summary>The JSON <c>scale --json</c> writes: exactly the keys issue 9 and docs/benchmarks.md define, each with its figure.</summary>
public class ScaleReportJsonTests
{
    private static readonly string[] Keys =
    [
        "rollouts", "working_set_mib_synced", "working_set_mib_peak", "cpu_ms_per_step", "step_latency_ms_p50", "step_latency_ms_p99",
        "writes_per_step", "gets_per_step", "noop_reconcile_writes", "synced_seconds", "raw_patch_ms_p50", "single_step_latency_ms_p99",
        "ratio_p99_vs_single", "wall_seconds",
    ];

    private static readonly ScaleReport Report = new()
    {
        Rollouts = 1000,
        WorkingSetMibSynced = 101.5,
        WorkingSetMibPeak = 142.25,
        CpuMsPerStep = 3.5,
        StepLatencyMsP50 = 410,
        StepLatencyMsP99 = 1870.5,
        WritesPerStep = 4.2,
        GetsPerStep = 0.1,
        NoopReconcileWrites = 3,
        SyncedSeconds = 2.75,
        RawPatchMsP50 = 1.25,
        SingleStepLatencyMsP99 = 95,
        RatioP99VsSingle = 19.69,
        WallSeconds = 88.5,
    };

    [Fact]
    public void The_scale_report_has_exactly_the_defined_keys_in_order()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(Report, BenchJsonContext.Default.ScaleReport))!.AsObject();

        Assert.Equal(Keys, json.Select(property => property.Key));
    }

    [Fact]
    public void Each_key_holds_its_own_figure()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(Report, BenchJsonContext.Default.ScaleReport))!.AsObject();

        double[] expected = [1000, 101.5, 142.25, 3.5, 410, 1870.5, 4.2, 0.1, 3, 2.75, 1.25, 95, 19.69, 88.5];
        Assert.Equal(expected, Keys.Select(key => json[key]!.GetValue<double>()));
    }

    [Fact]
    public void A_figure_that_is_not_a_number_is_written_as_NaN()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(Report with { RatioP99VsSingle = double.NaN }, BenchJsonContext.Default.ScaleReport))!;

        Assert.Equal("NaN", json["ratio_p99_vs_single"]!.GetValue<string>());
    }
}
