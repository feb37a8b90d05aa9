using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rollouts.Api.Schema;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Analysis;

/// <summary>
/// One metric: what to measure (<see cref="Provider"/>), how often and how many times, and when a measurement
/// is Successful or Failed. The limits decide the metric from its measurements.
/// </summary>
public sealed record Metric
{
    [Description("The metric's name, unique in the analysis.")]
    [RequiredField]
    public string? Name { get; init; }

    [Description("Time between measurements: 30s, 5m, 1h. Without it the metric is measured once (or count times back to back).")]
    public IntOrString? Interval { get; init; }

    [Description("Time to wait before the first measurement: 30s, 5m.")]
    public IntOrString? InitialDelay { get; init; }

    [Description("Number of measurements, at least 1. Without it, a metric with an interval is measured until the analysis ends.")]
    [Minimum(1)]
    public int? Count { get; init; }

    [Description("Condition on the result that makes a measurement Successful, e.g. result[0] >= 0.95.")]
    public string? SuccessCondition { get; init; }

    [Description("Condition on the result that makes a measurement Failed, e.g. result[0] < 0.9.")]
    public string? FailureCondition { get; init; }

    [Description("Failed measurements tolerated; one more fails the metric. Defaults to 0.")]
    [Minimum(0)]
    public int? FailureLimit { get; init; }

    [Description("Inconclusive measurements tolerated; one more makes the metric Inconclusive. Defaults to 0.")]
    [Minimum(0)]
    public int? InconclusiveLimit { get; init; }

    [Description("Errors in a row tolerated; one more makes the metric Error. Defaults to 4.")]
    [Minimum(0)]
    public int? ConsecutiveErrorLimit { get; init; }

    [Description("What a measurement is when the provider returns no data or NaN. Missing data is never Successful.")]
    public MissingDataRules? MissingData { get; init; }

    [Description("Where the measurements come from. Exactly one of prometheus, web or judge.")]
    [RequiredField]
    public MetricProvider? Provider { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>
/// The phase a measurement gets when its data is missing. Defaults: an empty result and NaN are Inconclusive.
/// Successful is never allowed: missing data must not let a bad version through.
/// </summary>
public sealed record MissingDataRules
{
    [Description("When the query returns no data: Inconclusive (the default) or Error.")]
    [EnumValues(AnalysisPhase.Inconclusive, AnalysisPhase.Error)]
    public string? Empty { get; init; }

    [Description("When the result is NaN: Inconclusive (the default), Failed or Error.")]
    [EnumValues(AnalysisPhase.Inconclusive, AnalysisPhase.Failed, AnalysisPhase.Error)]
    public string? Nan { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
