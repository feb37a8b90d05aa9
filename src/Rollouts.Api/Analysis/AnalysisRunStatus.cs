using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rollouts.Api.Schema;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Analysis;

/// <summary>The result of a run and of each metric. Strings here are bounded (<see cref="MeasurementRecording"/>).</summary>
public sealed record AnalysisRunStatus
{
    [Description("Pending, Running, Successful, Failed, Error or Inconclusive.")]
    [EnumValues(typeof(AnalysisPhase))]
    public string? Phase { get; init; }

    [Description("Why the run is in its phase.")]
    public string? Message { get; init; }

    [Description("When the first measurement started.")]
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? StartedAt { get; init; }

    [Description("The results of each metric, in the order of spec.metrics.")]
    public IReadOnlyList<MetricResult>? MetricResults { get; init; }

    [Description("How many metrics ended in each phase.")]
    public RunSummary? RunSummary { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>One metric's result: its phase, its most recent measurements, and counts over all of them.</summary>
public sealed record MetricResult
{
    [Description("The metric's name.")]
    [RequiredField]
    public string? Name { get; init; }

    [Description("Pending, Running, Successful, Failed, Error or Inconclusive.")]
    [EnumValues(typeof(AnalysisPhase))]
    public string? Phase { get; init; }

    [Description("Why the metric is in its phase.")]
    public string? Message { get; init; }

    [Description("The most recent measurements, oldest first, as many as the retention limit keeps.")]
    public IReadOnlyList<Measurement>? Measurements { get; init; }

    [Description("Measurements taken, including those no longer kept.")]
    public int? Count { get; init; }

    [Description("Successful measurements.")]
    public int? Successful { get; init; }

    [Description("Failed measurements.")]
    public int? Failed { get; init; }

    [Description("Inconclusive measurements.")]
    public int? Inconclusive { get; init; }

    [Description("Measurements that ended in Error.")]
    public int? Error { get; init; }

    [Description("Errors in a row, up to the latest measurement.")]
    public int? ConsecutiveError { get; init; }

    [Description("The metric runs in dry-run mode: its result never fails the run.")]
    public bool? DryRun { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>One measurement of a metric.</summary>
public sealed record Measurement
{
    [Description("Pending, Running, Successful, Failed, Error or Inconclusive.")]
    [EnumValues(typeof(AnalysisPhase))]
    public string? Phase { get; init; }

    [Description("The measured value, shortened to a bounded length.")]
    public string? Value { get; init; }

    [Description("What went wrong or what the result means, shortened to a bounded length.")]
    public string? Message { get; init; }

    [Description("When the measurement started.")]
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? StartedAt { get; init; }

    [Description("When the measurement finished.")]
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? FinishedAt { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>How many metrics of a run ended in each phase.</summary>
public sealed record RunSummary
{
    [Description("Metrics in the run.")]
    public int? Count { get; init; }

    [Description("Metrics that were Successful.")]
    public int? Successful { get; init; }

    [Description("Metrics that Failed.")]
    public int? Failed { get; init; }

    [Description("Metrics that were Inconclusive.")]
    public int? Inconclusive { get; init; }

    [Description("Metrics that ended in Error.")]
    public int? Error { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>The phases of a run, a metric and a measurement.</summary>
public static class AnalysisPhase
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Successful = "Successful";
    public const string Failed = "Failed";
    public const string Error = "Error";
    public const string Inconclusive = "Inconclusive";

    /// <summary>True for the phases a run, metric or measurement ends in.</summary>
    public static bool IsCompleted(string? phase) => phase is Successful or Failed or Error or Inconclusive;
}
