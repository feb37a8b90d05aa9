using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Rollouts.Kubernetes.Models;

/// <summary>A coordination.k8s.io/v1 Lease, the lock object of leader election.</summary>
public sealed record Lease : IKubernetesObject<Lease>
{
    public static ApiResource Resource { get; } = new("coordination.k8s.io", "v1", "leases", "Lease", namespaced: true);

    public static JsonTypeInfo<Lease> JsonTypeInfo => KubernetesJsonContext.Default.Lease;

    public string ApiVersion { get => field ?? "coordination.k8s.io/v1"; init; }

    public string Kind { get => field ?? "Lease"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    public LeaseSpec? Spec { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record LeaseSpec
{
    public string? HolderIdentity { get; init; }

    public int? LeaseDurationSeconds { get; init; }

    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; init; }

    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; init; }

    public int? LeaseTransitions { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
