using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Models;

/// <summary>
/// Any object with typed metadata and everything else (spec, status, ...) kept as JSON in
/// <see cref="UnknownFields"/>. Use it for resources without a model of their own, such as HTTPRoute.
/// </summary>
public sealed record KubernetesObject : IKubernetesObject
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
