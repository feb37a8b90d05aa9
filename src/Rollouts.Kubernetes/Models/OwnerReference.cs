using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Models;

/// <summary>Points at the object that owns this one; the garbage collector deletes dependents of deleted owners.</summary>
public sealed record OwnerReference
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public string? Name { get; init; }

    public string? Uid { get; init; }

    /// <summary>True on the one owner that manages this object.</summary>
    public bool? Controller { get; init; }

    /// <summary>When true, foreground deletion of the owner waits for this object to be gone.</summary>
    public bool? BlockOwnerDeletion { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
