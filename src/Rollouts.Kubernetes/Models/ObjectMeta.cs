using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Models;

/// <summary>
/// Standard object metadata (<c>metadata</c>). Fields the server sends that are not modelled here
/// (managedFields, selfLink, ...) are kept in <see cref="UnknownFields"/> and written back unchanged.
/// </summary>
public sealed record ObjectMeta
{
    public string? Name { get; init; }

    public string? GenerateName { get; init; }

    public string? Namespace { get; init; }

    public string? Uid { get; init; }

    /// <summary>Opaque version of the object's last write; send it back on replace to detect conflicts.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Bumped by the server on every change to the spec.</summary>
    public long? Generation { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? CreationTimestamp { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? DeletionTimestamp { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public IReadOnlyList<OwnerReference>? OwnerReferences { get; init; }

    public IReadOnlyList<string>? Finalizers { get; init; }

    /// <summary>
    /// Fields the model does not know, written back unchanged. Every model has this property; it is
    /// settable only because the JSON source generator needs a setter for extension data.
    /// </summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
