using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Api.Rollouts;

/// <summary>
/// Gateway API routing (gateway.networking.k8s.io/v1 HTTPRoute): the operator sets the weights of the
/// stableService and canaryService backendRefs in each rule that sends traffic to stableService. The same fields
/// as the Argo Rollouts plugin argoproj-labs/gatewayAPI, so its configuration can be moved here as it is.
/// </summary>
public sealed record GatewayApiTrafficRouting
{
    /// <summary>The plugin name under trafficRouting.plugins read as this router.</summary>
    public const string PluginName = "argoproj-labs/gatewayAPI";

    [Description("The HTTPRoute whose rules send traffic to stableService. Set this or httpRoutes.")]
    public string? HttpRoute { get; init; }

    [Description("Several HTTPRoutes, each given the same weights. Set this or httpRoute.")]
    public IReadOnlyList<GatewayApiRoute>? HttpRoutes { get; init; }

    [Description("Namespace of the routes. Defaults to the Rollout's namespace.")]
    public string? Namespace { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }

    /// <summary>The names of the routes: httpRoutes when given, else httpRoute.</summary>
    public IReadOnlyList<string> RouteNames() =>
        HttpRoutes is { Count: > 0 } routes ? [.. routes.Select(r => r.Name ?? "")]
        : string.IsNullOrEmpty(HttpRoute) ? []
        : [HttpRoute];

    /// <summary>The namespace of the routes: namespace when given, else the Rollout's (<paramref name="rolloutNamespace"/>).</summary>
    public string? RouteNamespace(string? rolloutNamespace) => string.IsNullOrEmpty(Namespace) ? rolloutNamespace : Namespace;

    /// <summary>
    /// The Gateway API router of <paramref name="routing"/>: trafficRouting.gatewayAPI, or the plugin
    /// argoproj-labs/gatewayAPI read as the same thing; null when neither is given or the plugin's value is not
    /// an object of these fields (validation reports it).
    /// </summary>
    public static GatewayApiTrafficRouting? Of(RolloutTrafficRouting? routing)
    {
        if (routing?.GatewayApi is { } gateway)
        {
            return gateway;
        }

        if (routing?.Plugins is not { } plugins || !plugins.TryGetValue(PluginName, out var plugin) || plugin.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return plugin.Deserialize(RolloutsJsonContext.Default.GatewayApiTrafficRouting);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One HTTPRoute of gatewayAPI.httpRoutes.</summary>
public sealed record GatewayApiRoute
{
    [Description("Name of the HTTPRoute.")]
    public string? Name { get; init; }

    [Description("Whether setHeaderRoute steps add their header rules to this route. Defaults to true.")]
    public bool? UseHeaderRoutes { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
