using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Models;

/// <summary>The <c>scale</c> subresource (autoscaling/v1): desired and observed replicas of a scalable object.</summary>
public sealed record Scale : IKubernetesObject
{
    public string ApiVersion { get => field ?? "autoscaling/v1"; init; }

    public string Kind { get => field ?? "Scale"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    public ScaleSpec? Spec { get; init; }

    public ScaleStatus? Status { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record ScaleSpec
{
    public int? Replicas { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record ScaleStatus
{
    public int? Replicas { get; init; }

    /// <summary>The label selector of the scaled pods, in query-string form.</summary>
    public string? Selector { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
