using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Canary;

/// <summary>
/// strategy.canary.dynamicStableScale: with traffic routing, the stable ReplicaSet runs only the pods its share of
/// traffic needs, ceil(replicas × (100 − canary weight) / 100), instead of all of them until promotion.
/// <list type="bullet">
/// <item>The stable is sized for the larger of its shares before the plan and at the weight it goes to: it
/// shrinks only once the canary ingress is observed holding the higher weight (the next reconcile), and when the
/// weight is to fall it grows at once to the size the lower weight needs, before the weight changes
/// (<see cref="SafeOrder"/>).</item>
/// <item>When the weight falls (abort, a lower step), it falls only as far as the stable's available pods can
/// carry: 100 − floor(available × 100 / replicas). The rest moves back as stable pods become available.</item>
/// <item>An aborted canary keeps its pods while it still has traffic; abortScaleDownDelaySeconds counts from
/// the moment its weight is 0.</item>
/// </list>
/// A canary service that does not select the canary (a canary replaced mid-update) gets no floor: its traffic
/// already reaches other pods, so the weight drops to 0 and the stable is sized for all traffic at once.
/// </summary>
internal static class DynamicStableScale
{
    public static bool Enabled(CanaryContext context) =>
        context.Router is not null && context.Strategy.DynamicStableScale == true;

    /// <summary>The canary weight the router is observed to send to the canary pods (0 when the canary service selects other pods).</summary>
    public static int Routed(CanaryContext context, string canaryHash) =>
        context.Router is { } router && ServiceSelectors.Selects(context.Observation.CanaryService, canaryHash) ? router.ObservedWeight : 0;

    /// <summary>
    /// The lowest canary weight this plan may set when it lowers the weight from <paramref name="routed"/>: what
    /// the stable's available pods cannot carry yet.
    /// </summary>
    public static int Floor(CanaryContext context, string stableHash, int routed)
    {
        var carried = StableCarries(context.Replicas, OwnedReplicaSets.AvailableReplicas(context.ReplicaSets.Find(stableHash)));
        return Math.Min(routed, 100 - carried);
    }

    /// <summary>The share of traffic (0..100) <paramref name="available"/> stable pods carry out of <paramref name="replicas"/>.</summary>
    public static int StableCarries(int replicas, int available) =>
        replicas <= 0 ? 100 : (int)Math.Min(100, (long)Math.Max(0, available) * 100 / replicas);

    /// <summary>The stable's size for the canary weight before the plan (<paramref name="routed"/>) and the one it goes to (<paramref name="planned"/>).</summary>
    public static int StableReplicas(int replicas, int routed, int planned) =>
        CanaryReplicas.OfWeight(replicas, 100 - Math.Clamp(Math.Min(routed, planned), 0, 100));
}
