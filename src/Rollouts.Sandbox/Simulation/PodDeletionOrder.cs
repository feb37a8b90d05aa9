namespace Rollouts.Sandbox.Simulation;

/// <summary>
/// Which pods a ReplicaSet removes first when it scales down, as the real controller chooses: pods not yet on
/// a node, then pending ones, then those not ready, then the most recently ready, then those that restarted
/// most, then the newest. Name breaks ties, so the choice does not depend on list order.
/// </summary>
internal static class PodDeletionOrder
{
    /// <summary>The pods in the order they should go.</summary>
    /// <param name="readySince">When a pod became ready; null when it is not ready.</param>
    public static IEnumerable<PodFacts> Order(IEnumerable<PodFacts> pods, Func<PodFacts, DateTimeOffset?> readySince) =>
        pods.Select(p => (Pod: p, ReadySince: readySince(p)))
            .OrderBy(p => p.Pod.Assigned)
            .ThenBy(p => PhaseRank(p.Pod.Phase))
            .ThenBy(p => p.ReadySince is not null)
            .ThenByDescending(p => p.ReadySince ?? DateTimeOffset.MinValue)
            .ThenByDescending(p => p.Pod.Restarts)
            .ThenByDescending(p => p.Pod.Created ?? DateTimeOffset.MaxValue)
            .ThenByDescending(p => p.Pod.Key.Name, StringComparer.Ordinal)
            .Select(p => p.Pod);

    private static int PhaseRank(string phase) => phase switch
    {
        "Pending" or "" => 0,
        "Unknown" => 1,
        _ => 2,
    };
}
