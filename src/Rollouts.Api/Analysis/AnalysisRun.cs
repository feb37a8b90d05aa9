using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Rollouts.Api.Rollouts;
using Rollouts.Api.Schema;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Analysis;

/// <summary>
/// One analysis in progress or done (rollouts.dev/v1alpha1, namespaced): the merged templates with their
/// arguments resolved, and in its status every metric's measurements and the result.
/// </summary>
[Description("An AnalysisRun measures the metrics of its templates and decides Successful, Failed, Inconclusive or Error.")]
public sealed record AnalysisRun : IKubernetesObject<AnalysisRun>
{
    public static ApiResource Resource { get; } = new(Rollout.Group, Rollout.Version, "analysisruns", "AnalysisRun", namespaced: true);

    public static JsonTypeInfo<AnalysisRun> JsonTypeInfo => RolloutsJsonContext.Default.AnalysisRun;

    [Description("The versioned schema of this object: rollouts.dev/v1alpha1.")]
    public string ApiVersion { get => field ?? Rollout.GroupVersion; init; }

    [Description("The kind of this object: AnalysisRun.")]
    public string Kind { get => field ?? "AnalysisRun"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    [RequiredField]
    public AnalysisRunSpec? Spec { get; init; }

    [Description("The measurements and the result. Written by the operator only, through the status subresource.")]
    public AnalysisRunStatus? Status { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

[Description("The merged templates of the run, with every argument given a value.")]
public sealed record AnalysisRunSpec
{
    [Description("The arguments, each with a value or a valueFrom.")]
    public IReadOnlyList<AnalysisArgument>? Args { get; init; }

    [Description("The metrics measured.")]
    [RequiredField]
    [MinItems(1)]
    public IReadOnlyList<Metric>? Metrics { get; init; }

    [Description("Metrics that are measured and recorded but never fail the run.")]
    public IReadOnlyList<DryRunMetric>? DryRun { get; init; }

    [Description("How many measurements of a metric the status keeps. Defaults to 10.")]
    public IReadOnlyList<MeasurementRetention>? MeasurementRetention { get; init; }

    [Description("How judge metrics' scores become a result.")]
    public JudgeScoring? Judge { get; init; }

    [Description("Stop measuring; the run ends with the results it has. Set by the operator when the Rollout no longer needs it.")]
    public bool? Terminate { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
