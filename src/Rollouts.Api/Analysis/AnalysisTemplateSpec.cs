using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rollouts.Api.Schema;

namespace Rollouts.Api.Analysis;

[Description("The arguments and metrics of an analysis.")]
public sealed record AnalysisTemplateSpec
{
    [Description("Arguments the metrics use as {{args.name}}. One without a value must be given by the Rollout.")]
    public IReadOnlyList<AnalysisArgument>? Args { get; init; }

    [Description("The metrics measured; each decides its own result, and the worst result decides the analysis.")]
    [RequiredField]
    [MinItems(1)]
    public IReadOnlyList<Metric>? Metrics { get; init; }

    [Description("Metrics that are measured and recorded but never fail the analysis.")]
    public IReadOnlyList<DryRunMetric>? DryRun { get; init; }

    [Description("How many measurements of a metric the run's status keeps. Defaults to 10.")]
    public IReadOnlyList<MeasurementRetention>? MeasurementRetention { get; init; }

    [Description("How judge metrics' scores become a result. Defaults apply when a metric uses provider.judge.")]
    public JudgeScoring? Judge { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A metric measured in dry-run mode: recorded, never deciding.</summary>
public sealed record DryRunMetric
{
    [Description("The name of the metric.")]
    [RequiredField]
    public string? MetricName { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>How many measurements of one metric the run's status keeps.</summary>
public sealed record MeasurementRetention
{
    [Description("The name of the metric.")]
    [RequiredField]
    public string? MetricName { get; init; }

    [Description("The number of most recent measurements kept, at least 1.")]
    [RequiredField]
    [Minimum(1)]
    public int? Limit { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>
/// Template-level scoring of judge metrics: each judge metric passes or fails; the score is the weighted share
/// of passing metrics, 0 to 100. At or above <see cref="PassScore"/> the analysis is Successful, at or above
/// <see cref="MarginalScore"/> Inconclusive, below it Failed. A failing critical metric fails the analysis.
/// </summary>
public sealed record JudgeScoring
{
    [Description("Score (0 to 100) at or above which the judge's verdict is Successful. Defaults to 95.")]
    [Minimum(0)]
    [Maximum(100)]
    public int? PassScore { get; init; }

    [Description("Score (0 to 100) at or above which, below passScore, the verdict is Inconclusive; below it, Failed. Defaults to 75.")]
    [Minimum(0)]
    [Maximum(100)]
    public int? MarginalScore { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
