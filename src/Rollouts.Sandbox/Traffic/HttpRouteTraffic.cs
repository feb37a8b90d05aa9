using System.Text.Json;
using Rollouts.Engine.Traffic.GatewayApi;
using Rollouts.Kubernetes.Models;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Traffic;

/// <summary>
/// What the traffic simulator reads from an HTTPRoute, as a gateway applies it: the first rule with backendRefs
/// (its first hostname and path match) split by the backendRefs' weights. Only a generation every parent accepted
/// is applied: until the gateway accepts a new one, the simulator keeps the split it last applied.
/// </summary>
internal static class HttpRouteTraffic
{
    public const string Group = "gateway.networking.k8s.io";

    /// <summary>
    /// The route's split when its current generation is accepted; null when it is not (or the route sends nowhere).
    /// The first backendRef is the stable target (metric label <c>canary</c> empty); each other backendRef is a
    /// weighted target whose <c>canary</c> label is its service name.
    /// </summary>
    public static TrafficRoute? Accepted(StoredObject stored)
    {
        var route = JsonSerializer.Deserialize(stored.ToJsonObject().ToJsonString(), KubernetesJsonContext.Default.HttpRoute);
        if (route is null || HttpRouteRules.NotAccepted(route) is not null)
        {
            return null;
        }

        var rule = (route.Spec?.Rules ?? []).FirstOrDefault(r => r.BackendRefs is { Count: > 0 });
        if (rule is null)
        {
            return null;
        }

        var refs = rule.BackendRefs!;
        var total = refs.Sum(b => Math.Max(0, b.Weight ?? 1));
        if (total <= 0)
        {
            return null;
        }

        var host = route.Spec?.Hostnames?.FirstOrDefault() ?? "";
        var path = rule.Matches?.FirstOrDefault()?.Path?.Value ?? "/";
        var stable = new IngressFacts
        {
            Namespace = stored.Key.Namespace,
            Name = stored.Key.Name,
            Host = host,
            Path = path,
            Service = refs[0].Name,
        };
        var others = refs.Skip(1).Select(b => new IngressFacts
        {
            Namespace = stored.Key.Namespace,
            Name = b.Name ?? "",
            Host = host,
            Path = path,
            Service = b.Name,
            IsCanary = true,
            Weight = Math.Max(0, b.Weight ?? 1),
            WeightTotal = total,
        }).ToList();
        return new TrafficRoute(stable, others);
    }
}
