using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Rollouts;

/// <summary>
/// A Deployment-like workload (rollouts.dev/v1alpha1) whose template changes are delivered progressively.
/// Field names and meaning follow Argo Rollouts wherever the same feature is supported.
/// </summary>
public sealed record Rollout : IKubernetesObject<Rollout>
{
    public const string Group = "rollouts.dev";
    public const string Version = "v1alpha1";
    public const string GroupVersion = Group + "/" + Version;

    public static ApiResource Resource { get; } = new(Group, Version, "rollouts", "Rollout", namespaced: true);

    public static JsonTypeInfo<Rollout> JsonTypeInfo => RolloutsJsonContext.Default.Rollout;

    public string ApiVersion { get => field ?? GroupVersion; init; }

    public string Kind { get => field ?? "Rollout"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    public RolloutSpec? Spec { get; init; }

    public RolloutStatus? Status { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record RolloutSpec
{
    /// <summary>Desired pods; defaults to 1.</summary>
    public int? Replicas { get; init; }

    public LabelSelector? Selector { get; init; }

    public PodTemplateSpec? Template { get; init; }

    /// <summary>How long a new pod must be ready before it counts as available.</summary>
    public int? MinReadySeconds { get; init; }

    /// <summary>Old ReplicaSets kept for undo; defaults to 10.</summary>
    public int? RevisionHistoryLimit { get; init; }

    /// <summary>Pauses the rollout as a whole (set by `kubectl rollouts pause`).</summary>
    public bool? Paused { get; init; }

    /// <summary>Seconds without progress before the rollout is Degraded; defaults to 600. Pauses do not count.</summary>
    public int? ProgressDeadlineSeconds { get; init; }

    /// <summary>Abort, not only mark Degraded, when the progress deadline passes.</summary>
    public bool? ProgressDeadlineAbort { get; init; }

    /// <summary>Pods created before this time are restarted (set by `kubectl rollouts restart`).</summary>
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? RestartAt { get; init; }

    public RolloutStrategy? Strategy { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record RolloutStrategy
{
    public CanaryStrategy? Canary { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>Labels and annotations added to the pods of one side (canary or stable).</summary>
public sealed record PodMetadata
{
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
