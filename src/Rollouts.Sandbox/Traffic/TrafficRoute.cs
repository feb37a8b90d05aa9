using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Traffic;

/// <summary>
/// One stable ingress and the canary ingresses for the same host and path in its namespace, as ingress-nginx
/// merges them into one upstream with a weighted split.
/// </summary>
internal sealed record TrafficRoute(IngressFacts Stable, IReadOnlyList<IngressFacts> Canaries)
{
    /// <summary>The routes in a snapshot, ordered by namespace and name of the stable ingress.</summary>
    public static IReadOnlyList<TrafficRoute> All(StoreState state, Action<IngressFacts>? report = null)
    {
        var ingresses = state.Collection(BuiltInTypes.Ingresses.StorageKey).Values
            .Where(i => !i.IsDeleting)
            .Select(IngressFacts.Parse)
            .ToList();
        foreach (var ingress in ingresses.Where(i => i.Problems.Count > 0))
        {
            report?.Invoke(ingress);
        }

        return ingresses
            .Where(i => !i.IsCanary)
            .Select(stable => new TrafficRoute(stable, ingresses
                .Where(c => c.IsCanary && c.Namespace == stable.Namespace && c.Host == stable.Host && c.Path == stable.Path)
                .ToList()))
            .ToList();
    }

    /// <summary>
    /// The ingress a request goes to for a draw in [0, 1): each canary takes its weight's share of requests in
    /// name order (together never more than all of them), the stable ingress the rest.
    /// </summary>
    public IngressFacts Pick(double draw)
    {
        var start = 0.0;
        foreach (var canary in Canaries)
        {
            start += (double)canary.Weight / canary.WeightTotal;
            if (draw < start)
            {
                return canary;
            }
        }

        return Stable;
    }
}
