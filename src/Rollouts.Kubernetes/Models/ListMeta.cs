using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Models;

/// <summary>Metadata of a list: the snapshot's resourceVersion and the token for the next page.</summary>
public sealed record ListMeta
{
    public string? ResourceVersion { get; init; }

    /// <summary>Set when more items remain; pass it as <c>continue</c> to fetch the next page.</summary>
    public string? Continue { get; init; }

    public long? RemainingItemCount { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
