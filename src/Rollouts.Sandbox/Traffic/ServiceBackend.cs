using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Traffic;

/// <summary>The ready pods a Service selects, in name order: where ingress-nginx sends the service's requests.</summary>
internal static class ServiceBackend
{
    /// <summary>
    /// The ready pods behind <paramref name="service"/> in <paramref name="ns"/>; empty when the service is missing,
    /// has no selector, or selects no ready pod (ingress-nginx then answers 503).
    /// </summary>
    public static IReadOnlyList<PodBehaviour> ReadyPods(StoreState state, string ns, string service)
    {
        if (state.Get(BuiltInTypes.Services.StorageKey, new ObjectKey(ns, service)) is not { } stored)
        {
            return [];
        }

        var selector = JsonRead.Object(stored.ToJsonObject(), "spec", "selector");
        if (selector is null || selector.Count == 0)
        {
            return [];
        }

        var wanted = selector
            .Where(kv => kv.Value is JsonValue)
            .ToDictionary(kv => kv.Key, kv => kv.Value!.ToString());
        return state.Objects(BuiltInTypes.Pods.StorageKey, ns)
            .Where(pod => wanted.All(kv => pod.Labels.TryGetValue(kv.Key, out var value) && value == kv.Value))
            .Select(PodBehaviour.Of)
            .Where(pod => pod.Ready)
            .ToList();
    }
}
