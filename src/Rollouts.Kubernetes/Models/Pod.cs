using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Rollouts.Kubernetes.Models;

/// <summary>A core/v1 Pod, minimal: its spec's containers, its phase, address and conditions.</summary>
public sealed record Pod : IKubernetesObject<Pod>
{
    public static ApiResource Resource { get; } = new("", "v1", "pods", "Pod", namespaced: true);

    public static JsonTypeInfo<Pod> JsonTypeInfo => KubernetesJsonContext.Default.Pod;

    public string ApiVersion { get => field ?? "v1"; init; }

    public string Kind { get => field ?? "Pod"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    public PodSpec? Spec { get; init; }

    public PodStatus? Status { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record PodStatus
{
    /// <summary><c>Pending</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c> or <c>Unknown</c>.</summary>
    public string? Phase { get; init; }

    [JsonPropertyName("podIP")]
    public string? PodIP { get; init; }

    public IReadOnlyList<PodCondition>? Conditions { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A pod condition such as <c>Ready</c> with status <c>"True"</c>, <c>"False"</c> or <c>"Unknown"</c>.</summary>
public sealed record PodCondition
{
    public string? Type { get; init; }

    public string? Status { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? LastTransitionTime { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
