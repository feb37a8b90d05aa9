using Rollouts.Api.Common;
using static Rollouts.Api.Common.FieldErrors;

namespace Rollouts.Api.Rollouts;

// spec.strategy.canary.trafficRouting: which router, and what it needs.
public static partial class RolloutValidation
{
    private const string RoutingPath = CanaryPath + ".trafficRouting";
    private const string Supported = "the supported routers are nginx and gatewayAPI (or the plugin argoproj-labs/gatewayAPI)";

    private static readonly Dictionary<string, string> NotSupportedRouters = new(StringComparer.Ordinal)
    {
        ["istio"] = Supported,
        ["alb"] = Supported,
        ["smi"] = Supported,
        ["ambassador"] = Supported,
        ["appMesh"] = Supported,
        ["traefik"] = Supported,
        ["apisix"] = Supported,
        ["maxTrafficWeight"] = "weights are percentages from 0 to 100",
    };

    /// <summary>Annotations the operator writes on the canary ingress itself; users may not override them.</summary>
    private static readonly string[] ManagedAnnotations = ["canary", "canary-weight"];

    /// <summary>Annotations the operator writes for a header route; users may not set them when managedRoutes are listed.</summary>
    private static readonly string[] HeaderAnnotations = ["canary-by-header", "canary-by-header-value", "canary-by-header-pattern"];

    private static void ValidateTrafficRouting(RolloutTrafficRouting routing, CanaryStrategy canary, FieldErrors errors)
    {
        errors.UnknownFields<RolloutTrafficRouting>(RoutingPath, routing.UnknownFields, NotSupportedRouters, what: "traffic router");
        var plugin = ValidatePlugins(routing, errors);
        var gateway = routing.GatewayApi ?? plugin;
        if (routing.Nginx is { } nginx)
        {
            ValidateNginx(nginx, canary, errors);
            if (routing.ManagedRoutes is { Count: > 0 })
            {
                foreach (var key in (nginx.AdditionalIngressAnnotations ?? new Dictionary<string, string>()).Keys.Where(HeaderAnnotations.Contains).Order(StringComparer.Ordinal))
                {
                    errors.Add(Key($"{RoutingPath}.nginx.additionalIngressAnnotations", key), ValidationReason.Conflict,
                        $"annotation \"{key}\" is set by the operator for the header route of managedRoutes; remove it here or remove managedRoutes");
                }
            }
        }

        if (routing.GatewayApi is not null && plugin is not null)
        {
            errors.Add($"{RoutingPath}.plugins[{GatewayApiTrafficRouting.PluginName}]", ValidationReason.Conflict,
                "both gatewayAPI and the plugin argoproj-labs/gatewayAPI are set; keep one of the two");
        }

        if (gateway is not null)
        {
            var path = routing.GatewayApi is not null ? $"{RoutingPath}.gatewayAPI" : $"{RoutingPath}.plugins[{GatewayApiTrafficRouting.PluginName}]";
            if (routing.Nginx is not null)
            {
                errors.Add(path, ValidationReason.Conflict, "both nginx and the Gateway API are set; a Rollout uses one router");
            }

            ValidateGatewayApi(gateway, path, canary, errors);
        }

        if (routing.Nginx is null && gateway is null && routing.UnknownFields is null or { Count: 0 } && routing.Plugins is null or { Count: 0 })
        {
            errors.Required($"{RoutingPath}.nginx",
                "trafficRouting names no router; write trafficRouting.nginx: {stableIngress: <ingress>} or trafficRouting.gatewayAPI: {httpRoute: <route>}");
        }

        ValidateManagedRoutes(routing, canary, errors);
    }

    /// <summary>Reports plugins other than argoproj-labs/gatewayAPI and returns that one read as gatewayAPI, when it is given.</summary>
    private static GatewayApiTrafficRouting? ValidatePlugins(RolloutTrafficRouting routing, FieldErrors errors)
    {
        GatewayApiTrafficRouting? found = null;
        foreach (var (name, value) in (routing.Plugins ?? new Dictionary<string, System.Text.Json.JsonElement>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var path = Key($"{RoutingPath}.plugins", name);
            if (name != GatewayApiTrafficRouting.PluginName)
            {
                errors.Add(path, ValidationReason.NotSupported,
                    $"traffic router plugin \"{name}\" is not supported; the one plugin read is {GatewayApiTrafficRouting.PluginName} (or write trafficRouting.gatewayAPI)");
                continue;
            }

            found = GatewayApiTrafficRouting.Of(routing with { GatewayApi = null });
            if (found is null)
            {
                errors.Add(path, ValidationReason.Invalid, "the plugin's configuration must be an object such as {httpRoute: <route>, namespace: <namespace>}");
            }
        }

        return found;
    }

    private static void ValidateGatewayApi(GatewayApiTrafficRouting gateway, string path, CanaryStrategy canary, FieldErrors errors)
    {
        errors.UnknownFields<GatewayApiTrafficRouting>(path, gateway.UnknownFields, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["grpcRoute"] = "the supported route kind is HTTPRoute",
            ["grpcRoutes"] = "the supported route kind is HTTPRoute",
            ["tcpRoute"] = "the supported route kind is HTTPRoute",
            ["tcpRoutes"] = "the supported route kind is HTTPRoute",
            ["configMap"] = "the operator keeps no state beside the route and the Rollout's status",
        });
        if (string.IsNullOrEmpty(canary.StableService) && string.IsNullOrEmpty(canary.CanaryService))
        {
            foreach (var service in (ReadOnlySpan<string>)["stableService", "canaryService"])
            {
                errors.Required($"{CanaryPath}.{service}",
                    "Gateway API routing needs stableService and canaryService: the route's backendRefs name both, with their weights");
            }
        }

        var hasOne = !string.IsNullOrEmpty(gateway.HttpRoute);
        var many = gateway.HttpRoutes ?? [];
        if (hasOne && many.Count > 0)
        {
            errors.Add(path, ValidationReason.ExactlyOneOf, "both httpRoute and httpRoutes are set; use httpRoute for one route or httpRoutes for several");
        }
        else if (!hasOne && many.Count == 0)
        {
            errors.Required($"{path}.httpRoute", "Gateway API routing needs the HTTPRoute that sends traffic to stableService: httpRoute (or httpRoutes for several)");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < many.Count; i++)
        {
            var field = Index($"{path}.httpRoutes", i);
            errors.UnknownFields<GatewayApiRoute>(field, many[i].UnknownFields);
            if (string.IsNullOrEmpty(many[i].Name))
            {
                errors.Required($"{field}.name", "each route needs the name of an HTTPRoute");
            }
            else if (!seen.Add(many[i].Name!))
            {
                errors.Add($"{field}.name", ValidationReason.Conflict, $"HTTPRoute \"{many[i].Name}\" is listed twice");
            }
        }

        if (gateway.Namespace is { } ns && string.IsNullOrWhiteSpace(ns))
        {
            errors.Add($"{path}.namespace", ValidationReason.Invalid, "namespace is empty; leave it out for the Rollout's namespace");
        }
    }

    private static void ValidateManagedRoutes(RolloutTrafficRouting routing, CanaryStrategy canary, FieldErrors errors)
    {
        var routes = routing.ManagedRoutes ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < routes.Count; i++)
        {
            var field = Index($"{RoutingPath}.managedRoutes", i);
            errors.UnknownFields<ManagedRoute>(field, routes[i].UnknownFields);
            if (string.IsNullOrEmpty(routes[i].Name))
            {
                errors.Required($"{field}.name", "each managed route needs a name, which setHeaderRoute steps refer to");
            }
            else if (!names.Add(routes[i].Name!))
            {
                errors.Add($"{field}.name", ValidationReason.Conflict, $"managed route \"{routes[i].Name}\" is listed twice");
            }
        }

        if (routing.Nginx is not null && routes.Count > 1)
        {
            errors.Add($"{RoutingPath}.managedRoutes", ValidationReason.NotSupported,
                $"nginx carries one header route (the canary-by-header annotations of the canary ingress), and {routes.Count} are listed; keep one");
        }

        if (routes.Count > 0 && (canary.Steps ?? []).All(s => s.SetHeaderRoute is null))
        {
            errors.Add($"{RoutingPath}.managedRoutes", ValidationReason.Invalid,
                "managedRoutes are listed but no step is a setHeaderRoute; add the steps or remove managedRoutes");
        }
    }

    private static void ValidateNginx(NginxTrafficRouting nginx, CanaryStrategy canary, FieldErrors errors)
    {
        const string path = RoutingPath + ".nginx";
        errors.UnknownFields<NginxTrafficRouting>(path, nginx.UnknownFields);

        // One service missing is already reported by the service check; here only both missing.
        if (string.IsNullOrEmpty(canary.StableService) && string.IsNullOrEmpty(canary.CanaryService))
        {
            foreach (var service in (ReadOnlySpan<string>)["stableService", "canaryService"])
            {
                errors.Required($"{CanaryPath}.{service}",
                    "nginx traffic routing needs stableService and canaryService: the stable ingress points at one, the canary ingress at the other");
            }
        }

        var hasOne = !string.IsNullOrEmpty(nginx.StableIngress);
        var many = nginx.StableIngresses ?? [];
        if (hasOne && many.Count > 0)
        {
            errors.Add(path, ValidationReason.ExactlyOneOf, "both stableIngress and stableIngresses are set; use stableIngress for one ingress or stableIngresses for several");
        }
        else if (!hasOne && many.Count == 0)
        {
            errors.Required($"{path}.stableIngress", "nginx routing needs the ingress that carries the stable traffic: stableIngress (or stableIngresses for several)");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < many.Count; i++)
        {
            var field = Index($"{path}.stableIngresses", i);
            if (string.IsNullOrEmpty(many[i]))
            {
                errors.Required(field, "an ingress name cannot be empty");
            }
            else if (!seen.Add(many[i]))
            {
                errors.Add(field, ValidationReason.Conflict, $"ingress \"{many[i]}\" is listed twice");
            }
        }

        if (nginx.AnnotationPrefix is { } prefix && string.IsNullOrWhiteSpace(prefix))
        {
            errors.Add($"{path}.annotationPrefix", ValidationReason.Invalid,
                $"annotationPrefix is empty; leave it out for the default, {NginxTrafficRouting.DefaultAnnotationPrefix}");
        }

        foreach (var key in (nginx.AdditionalIngressAnnotations ?? new Dictionary<string, string>()).Keys.Order(StringComparer.Ordinal))
        {
            if (ManagedAnnotations.Contains(key))
            {
                errors.Add(Key($"{path}.additionalIngressAnnotations", key), ValidationReason.Invalid,
                    $"annotation \"{key}\" is set by the operator on the canary ingress and cannot be given here");
            }
        }
    }
}
