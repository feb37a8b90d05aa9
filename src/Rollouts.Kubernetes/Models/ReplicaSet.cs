using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Rollouts.Kubernetes.Models;

/// <summary>An apps/v1 ReplicaSet: keeps <c>spec.replicas</c> pods of one template running.</summary>
public sealed record ReplicaSet : IKubernetesObject<ReplicaSet>
{
    public static ApiResource Resource { get; } = new("apps", "v1", "replicasets", "ReplicaSet", namespaced: true);

    public static JsonTypeInfo<ReplicaSet> JsonTypeInfo => KubernetesJsonContext.Default.ReplicaSet;

    public string ApiVersion { get => field ?? "apps/v1"; init; }

    public string Kind { get => field ?? "ReplicaSet"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    public ReplicaSetSpec? Spec { get; init; }

    public ReplicaSetStatus? Status { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record ReplicaSetSpec
{
    public int? Replicas { get; init; }

    public LabelSelector? Selector { get; init; }

    public PodTemplateSpec? Template { get; init; }

    /// <summary>How long a new pod must be ready before it counts as available.</summary>
    public int? MinReadySeconds { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record ReplicaSetStatus
{
    public int? Replicas { get; init; }

    public int? FullyLabeledReplicas { get; init; }

    public int? ReadyReplicas { get; init; }

    public int? AvailableReplicas { get; init; }

    /// <summary>The <c>metadata.generation</c> the controller last acted on.</summary>
    public long? ObservedGeneration { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
