using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Rollouts.Api.Schema;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Rollouts;

/// <summary>
/// A Deployment-like workload (rollouts.dev/v1alpha1) whose template changes are delivered progressively.
/// Field names and meaning follow Argo Rollouts wherever the same feature is supported.
/// </summary>
/// <remarks>
/// The <see cref="DescriptionAttribute"/> texts and schema attributes on these types become the CRD's schema
/// (crds/, see <see cref="OpenApiSchemaGenerator"/>), shown by <c>kubectl explain rollouts.spec</c>.
/// </remarks>
[Description("A Rollout runs pods like a Deployment and moves traffic to a new version of its template step by step.")]
public sealed record Rollout : IKubernetesObject<Rollout>
{
    public const string Group = "rollouts.dev";
    public const string Version = "v1alpha1";
    public const string GroupVersion = Group + "/" + Version;

    public static ApiResource Resource { get; } = new(Group, Version, "rollouts", "Rollout", namespaced: true);

    public static JsonTypeInfo<Rollout> JsonTypeInfo => RolloutsJsonContext.Default.Rollout;

    [Description("The versioned schema of this object: rollouts.dev/v1alpha1.")]
    public string ApiVersion { get => field ?? GroupVersion; init; }

    [Description("The kind of this object: Rollout.")]
    public string Kind { get => field ?? "Rollout"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    [RequiredField]
    public RolloutSpec? Spec { get; init; }

    [Description("What the operator observed and decided. Written by the operator only, through the status subresource.")]
    public RolloutStatus? Status { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

[Description("The desired state of a Rollout: its pods and how a new version of them is delivered.")]
public sealed record RolloutSpec
{
    [Description("Number of desired pods. Defaults to 1.")]
    [Minimum(0)]
    public int? Replicas { get; init; }

    [Description("Label selector for the Rollout's pods. It must match the pod template's labels.")]
    [RequiredField]
    public LabelSelector? Selector { get; init; }

    [Description("The pods the Rollout runs, as in a Deployment. A change here starts an update.")]
    [RequiredField]
    public PodTemplateSpec? Template { get; init; }

    [Description("Seconds a new pod must be ready, without a container crashing, before it counts as available. Defaults to 0.")]
    [Minimum(0)]
    public int? MinReadySeconds { get; init; }

    [Description("Number of old ReplicaSets kept to allow a rollback. Defaults to 10.")]
    [Minimum(0)]
    public int? RevisionHistoryLimit { get; init; }

    [Description("Holds the Rollout at its current step (kubectl rollouts pause); scaling still happens.")]
    public bool? Paused { get; init; }

    [Description("A rollback to one of the most recent revisions is fast-tracked: it skips the steps and the analysis.")]
    public RollbackWindow? RollbackWindow { get; init; }

    [Description("Seconds an update may go without progress before the Rollout is Degraded. Pauses do not count. Defaults to 600; must be greater than minReadySeconds.")]
    [Minimum(0)]
    public int? ProgressDeadlineSeconds { get; init; }

    [Description("Abort the update, not only mark it Degraded, when the progress deadline passes.")]
    public bool? ProgressDeadlineAbort { get; init; }

    [Description("Pods created before this time are restarted; set by kubectl rollouts restart.")]
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? RestartAt { get; init; }

    [Description("How many finished AnalysisRuns of the Rollout are kept.")]
    public RolloutAnalysisHistory? Analysis { get; init; }

    [Description("How a new version is delivered. Exactly one strategy: canary or blueGreen.")]
    public RolloutStrategy? Strategy { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record RolloutStrategy
{
    [Description("Run the new version beside the stable one and move traffic to it step by step.")]
    public CanaryStrategy? Canary { get; init; }

    [Description("Run the new version in full beside the old one and switch the active service to it at once.")]
    public BlueGreenStrategy? BlueGreen { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>spec.analysis: how many finished AnalysisRuns of the Rollout are kept (Argo Rollouts' names and defaults).</summary>
public sealed record RolloutAnalysisHistory
{
    [Description("Successful AnalysisRuns kept; older ones are deleted. Defaults to 5.")]
    [Minimum(0)]
    public int? SuccessfulRunHistoryLimit { get; init; }

    [Description("AnalysisRuns that ended Failed, Error or Inconclusive kept; older ones are deleted. Defaults to 5.")]
    [Minimum(0)]
    public int? UnsuccessfulRunHistoryLimit { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>
/// spec.rollbackWindow (Argo Rollouts' name and meaning): when the new template is that of one of the last
/// <see cref="Revisions"/> revisions (counting the stable one), the update is a rollback to a recent version and goes
/// straight to promotion.
/// </summary>
public sealed record RollbackWindow
{
    [Description("How many of the most recent revisions, the stable one included, a rollback may go back to and skip the canary steps and their analysis (or, blue-green, the pre- and post-promotion analysis and the pause). 3 fast-tracks a rollback to the two revisions before the stable one. Unset or 0: every rollback runs the whole update.")]
    [Minimum(0)]
    public int? Revisions { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>Labels and annotations added to the pods of one side (canary or stable, preview or active).</summary>
public sealed record PodMetadata
{
    [Description("Labels added to the pods.")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [Description("Annotations added to the pods.")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
