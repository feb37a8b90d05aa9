namespace Rollouts.Engine.Planning;

/// <summary>Which version is stable at the start of a reconcile: the opening every strategy shares.</summary>
internal static class StableRevision
{
    /// <summary>
    /// status.stableRS, or the desired hash when there is none yet (the first version) or when the stable ReplicaSet
    /// is gone: then nothing is left to go back to, so the desired version becomes stable at once (event
    /// StableReplicaSetMissing). The strategy plans the steady state when the result is the desired hash, an update
    /// from the result otherwise.
    /// </summary>
    /// <param name="skipped">What the desired version becomes stable without, for the event ("steps", "promotion").</param>
    public static string Resolve(StrategyContext context, PlanBuilder plan, string skipped)
    {
        var desired = context.DesiredHash;
        var stable = context.Previous.StableRS;
        if (stable is null)
        {
            return desired;
        }

        if (stable != desired && context.ReplicaSets.Find(stable) is null)
        {
            plan.Record(RecordEvent.Warning, "StableReplicaSetMissing",
                $"stable ReplicaSet {context.ReplicaSetName(stable)} is gone; {context.ReplicaSetName(desired)} becomes stable without {skipped}",
                "StableReplicaSetMissing");
            return desired;
        }

        return stable;
    }
}
