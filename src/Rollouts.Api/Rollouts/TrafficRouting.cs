using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Api.Rollouts;

/// <summary>strategy.canary.trafficRouting: how traffic weights reach the router.</summary>
public sealed record RolloutTrafficRouting
{
    public NginxTrafficRouting? Nginx { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>
/// NGINX ingress routing: the operator copies the stable ingress to a canary ingress pointing at the canary
/// service, with the canary and canary-weight annotations.
/// </summary>
public sealed record NginxTrafficRouting
{
    public const string DefaultAnnotationPrefix = "nginx.ingress.kubernetes.io";

    public string? StableIngress { get; init; }

    public IReadOnlyList<string>? StableIngresses { get; init; }

    /// <summary>Defaults to "nginx.ingress.kubernetes.io".</summary>
    public string? AnnotationPrefix { get; init; }

    /// <summary>Extra annotations set on the canary ingress (keys without the prefix, e.g. "canary-by-header").</summary>
    public IReadOnlyDictionary<string, string>? AdditionalIngressAnnotations { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
