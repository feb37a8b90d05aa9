using Rollouts.Api.Common;
using static Rollouts.Api.Common.FieldErrors;

namespace Rollouts.Api.Rollouts;

// spec.strategy.canary.trafficRouting: which router, and what it needs.
public static partial class RolloutValidation
{
    private const string RoutingPath = CanaryPath + ".trafficRouting";

    private static readonly Dictionary<string, string> NotSupportedRouters = new(StringComparer.Ordinal)
    {
        ["istio"] = "the supported router is nginx",
        ["alb"] = "the supported router is nginx",
        ["smi"] = "the supported router is nginx",
        ["ambassador"] = "the supported router is nginx",
        ["appMesh"] = "the supported router is nginx",
        ["traefik"] = "the supported router is nginx",
        ["apisix"] = "the supported router is nginx",
        ["plugins"] = "the supported router is nginx",
        ["managedRoutes"] = "header and mirror routes are not supported",
        ["maxTrafficWeight"] = "weights are percentages from 0 to 100",
    };

    /// <summary>Annotations the operator writes on the canary ingress itself; users may not override them.</summary>
    private static readonly string[] ManagedAnnotations = ["canary", "canary-weight"];

    private static void ValidateTrafficRouting(RolloutTrafficRouting routing, CanaryStrategy canary, FieldErrors errors)
    {
        errors.UnknownFields<RolloutTrafficRouting>(RoutingPath, routing.UnknownFields, NotSupportedRouters, what: "traffic router");
        if (routing.Nginx is { } nginx)
        {
            ValidateNginx(nginx, canary, errors);
        }
        else if (routing.UnknownFields is null or { Count: 0 })
        {
            errors.Required($"{RoutingPath}.nginx", "trafficRouting names no router; write trafficRouting.nginx: {stableIngress: <ingress>}");
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
