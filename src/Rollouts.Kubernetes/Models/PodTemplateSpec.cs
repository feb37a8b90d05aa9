using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Models;

/// <summary>The pod template of a workload: labels and annotations for its pods, and their spec.</summary>
public sealed record PodTemplateSpec
{
    public ObjectMeta? Metadata { get; init; }

    public PodSpec? Spec { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>
/// A pod's spec. Only the containers are modelled; volumes, probes, resources and every other
/// field round-trip untouched through <see cref="UnknownFields"/>.
/// </summary>
public sealed record PodSpec
{
    public IReadOnlyList<Container>? Containers { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A container by name and image; everything else is kept in <see cref="UnknownFields"/>.</summary>
public sealed record Container
{
    public string? Name { get; init; }

    public string? Image { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
