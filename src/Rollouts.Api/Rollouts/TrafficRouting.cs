using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Api.Rollouts;

/// <summary>strategy.canary.trafficRouting: how traffic weights reach the router.</summary>
public sealed record RolloutTrafficRouting
{
    [Description("Route with the NGINX ingress controller: the operator keeps a canary copy of the stable ingress and sets its weight.")]
    public NginxTrafficRouting? Nginx { get; init; }

    [Description("Route with the Gateway API: the operator sets the weights of the stableService and canaryService backendRefs in the rules of an HTTPRoute.")]
    [JsonPropertyName("gatewayAPI")]
    public GatewayApiTrafficRouting? GatewayApi { get; init; }

    [Description("Traffic router plugins by name, as Argo Rollouts writes them. argoproj-labs/gatewayAPI is read as gatewayAPI; no other plugin is supported.")]
    public IReadOnlyDictionary<string, JsonElement>? Plugins { get; init; }

    [Description("Header routes the setHeaderRoute steps may set, in order of precedence. The operator removes them when the update ends.")]
    public IReadOnlyList<ManagedRoute>? ManagedRoutes { get; init; }

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

    [Description("The ingress that sends traffic to stableService. Set this or stableIngresses.")]
    public string? StableIngress { get; init; }

    [Description("Several ingresses that send traffic to stableService, each given its own canary copy. Set this or stableIngress.")]
    public IReadOnlyList<string>? StableIngresses { get; init; }

    [Description("Prefix of the NGINX annotations on the canary ingress. Defaults to nginx.ingress.kubernetes.io.")]
    public string? AnnotationPrefix { get; init; }

    [Description("More annotations for the canary ingress, keys without the prefix (e.g. canary-by-header). canary and canary-weight are set by the operator.")]
    public IReadOnlyDictionary<string, string>? AdditionalIngressAnnotations { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
