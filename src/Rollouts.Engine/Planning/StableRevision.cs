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

    /// <summary>
    /// The abort of the steady state: kept from the previous status while the template stays the stable one, ended
    /// with the update otherwise (promoted, the template put back to the stable ReplicaSet — event RolledBack —, or
    /// its stable ReplicaSet gone).
    /// </summary>
    /// <param name="withdrawn">How the event names the version withdrawn, from its ReplicaSet's name.</param>
    /// <param name="skipped">What it is withdrawn without ("steps", "promotion").</param>
    public static void Settle(StrategyContext context, PlanBuilder plan, RolloutDraft draft, bool promoted, Func<string, string> withdrawn, string skipped)
    {
        var previous = context.Previous;
        var hash = context.DesiredHash;
        var rolledBack = !promoted && previous.StableRS == hash && previous.CurrentPodHash is { } current && current != hash;
        if (!promoted && !rolledBack && previous.CurrentPodHash == hash)
        {
            draft.Abort = previous.Abort == true;
            draft.AbortedAt = previous.AbortedAt;
            return;
        }

        if (rolledBack)
        {
            plan.Record(RecordEvent.Normal, "RolledBack",
                $"template is back to the stable ReplicaSet {context.ReplicaSetName(hash)}; {withdrawn(context.ReplicaSetName(previous.CurrentPodHash!))} withdrawn without {skipped}",
                "TemplateReverted");
        }
    }
}
