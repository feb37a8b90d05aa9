using System.Text.Json.Serialization;

namespace Rollouts.Bench;

/// <summary>What <c>scale</c> reports and writes with <c>--json</c>: exactly the keys docs/benchmarks.md defines.</summary>
internal sealed record ScaleReport
{
    [JsonPropertyName("rollouts")] public int Rollouts { get; init; }
    [JsonPropertyName("working_set_mib_synced")] public double WorkingSetMibSynced { get; init; }
    [JsonPropertyName("working_set_mib_peak")] public double WorkingSetMibPeak { get; init; }
    [JsonPropertyName("cpu_ms_per_step")] public double CpuMsPerStep { get; init; }
    [JsonPropertyName("step_latency_ms_p50")] public double StepLatencyMsP50 { get; init; }
    [JsonPropertyName("step_latency_ms_p99")] public double StepLatencyMsP99 { get; init; }
    [JsonPropertyName("writes_per_step")] public double WritesPerStep { get; init; }
    [JsonPropertyName("gets_per_step")] public double GetsPerStep { get; init; }
    [JsonPropertyName("noop_reconcile_writes")] public long NoopReconcileWrites { get; init; }
    [JsonPropertyName("synced_seconds")] public double SyncedSeconds { get; init; }
    [JsonPropertyName("raw_patch_ms_p50")] public double RawPatchMsP50 { get; init; }
    [JsonPropertyName("single_step_latency_ms_p99")] public double SingleStepLatencyMsP99 { get; init; }
    [JsonPropertyName("ratio_p99_vs_single")] public double RatioP99VsSingle { get; init; }
    [JsonPropertyName("wall_seconds")] public double WallSeconds { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ScaleReport))]
[JsonSerializable(typeof(Dictionary<string, double>))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
