using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Planning;

/// <summary>
/// ReplicaSets that are neither stable nor the current canary: scaled to zero, then deleted beyond
/// revisionHistoryLimit.
/// </summary>
/// <remarks>
/// With traffic routing a ReplicaSet may still get traffic for a moment after the router or service moved
/// away from it (NGINX reloads, endpoints update), so it is scaled down only after a delay:
/// scaleDownDelaySeconds for the one that was stable before this reconcile (a promotion),
/// abortScaleDownDelaySeconds for any other (an aborted, rolled back or replaced canary). The deadline is an
/// annotation on the ReplicaSet, so it survives an operator restart. Without traffic routing nothing routes
/// by weight, so they are scaled down at once. Blue-green always delays (its services switch), with its own
/// delays, and scaleDownDelayRevisionLimit bounds how many old ReplicaSets wait at once: older ones are scaled
/// down at once.
/// </remarks>
internal static class ReplicaSetCleanup
{
    public static void Plan(
        PlanBuilder plan, Rollout rollout, OwnedReplicaSets sets, string?[] keep, string? previousStable, bool trafficRouted)
    {
        var (promotionDelay, abortDelay, waitingLimit) = Delays(rollout);
        var scaledDown = new HashSet<string>(StringComparer.Ordinal);
        var waiting = 0;
        var newestFirst = sets.Except(keep)
            .OrderByDescending(rs => rs.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue)
            .ThenByDescending(rs => rs.Metadata.Name, StringComparer.Ordinal);
        foreach (var replicaSet in newestFirst)
        {
            var name = replicaSet.Metadata.Name!;
            if (OwnedReplicaSets.SpecReplicas(replicaSet) == 0)
            {
                continue;
            }

            scaledDown.Add(name);
            if (!trafficRouted || waiting >= waitingLimit)
            {
                plan.Add(new ScaleReplicaSet(name, 0));
                continue;
            }

            var deadline = ScaleDownDeadline.Read(replicaSet);
            if (deadline is null)
            {
                var delay = OwnedReplicaSets.HashOf(replicaSet) == previousStable ? promotionDelay : abortDelay;
                if (delay > 0)
                {
                    var due = ScaleDownDeadline.After(plan.Now, delay);
                    plan.Add(new AnnotateReplicaSet(name, due));
                    plan.WakeAt(due);
                    waiting++;
                    continue;
                }
            }
            else if (plan.Now < deadline)
            {
                plan.WakeAt(deadline.Value);
                waiting++;
                continue;
            }

            plan.Add(new ScaleReplicaSet(name, 0));
        }

        var limit = Math.Max(0, rollout.Spec?.RevisionHistoryLimit ?? RolloutDefaults.RevisionHistoryLimit);
        var idle = sets.Except(keep)
            .Where(rs => !scaledDown.Contains(rs.Metadata.Name!))
            .OrderByDescending(rs => rs.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue)
            .ThenByDescending(rs => rs.Metadata.Name, StringComparer.Ordinal);
        foreach (var replicaSet in idle.Skip(limit))
        {
            plan.Add(new DeleteReplicaSet(replicaSet.Metadata.Name!));
        }
    }

    /// <summary>The strategy's delay after a promotion and after an abort, and how many ReplicaSets may wait at once.</summary>
    private static (int Promotion, int Abort, int WaitingLimit) Delays(Rollout rollout)
    {
        if (rollout.Spec?.Strategy?.BlueGreen is { } blueGreen)
        {
            return (blueGreen.ScaleDownDelaySeconds ?? RolloutDefaults.ScaleDownDelaySeconds,
                blueGreen.AbortScaleDownDelaySeconds ?? RolloutDefaults.AbortScaleDownDelaySeconds,
                blueGreen.ScaleDownDelayRevisionLimit is { } limit ? Math.Max(0, limit) : int.MaxValue);
        }

        var canary = rollout.Spec?.Strategy?.Canary ?? new CanaryStrategy();
        return (canary.ScaleDownDelaySeconds ?? RolloutDefaults.ScaleDownDelaySeconds,
            canary.AbortScaleDownDelaySeconds ?? RolloutDefaults.AbortScaleDownDelaySeconds,
            int.MaxValue);
    }
}
