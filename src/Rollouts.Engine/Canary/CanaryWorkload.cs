using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Canary;

/// <summary>
/// The pods of an update: with traffic routing the stable stays at spec.replicas (or, with dynamicStableScale,
/// follows its share of traffic) and the canary is sized for the current step; without, both follow the pod-share arithmetic. After an abort the canary keeps its pods
/// for abortScaleDownDelaySeconds, then has none.
/// </summary>
internal static class CanaryWorkload
{
    /// <summary>
    /// Sizes canary and stable for the current step (or the abort), creating the canary when it is missing. Runs
    /// after <see cref="CanaryTraffic.Route"/>: with dynamicStableScale the sizes follow the weight it planned.
    /// </summary>
    public static void Size(CanaryContext context, PlanBuilder plan, CanaryDraft draft)
    {
        var canary = context.ReplicaSets.Find(draft.CurrentHash);
        var stable = context.ReplicaSets.Find(draft.StableHash)!;
        int canaryReplicas;
        int stableReplicas;
        if (context.Router is not null)
        {
            var planned = draft.Weights?.Canary?.Weight ?? 0;
            canaryReplicas = !draft.Abort ? CanaryReplicas.Desired(context.Replicas, context.Steps, draft.StepIndex)
                : DynamicStableScale.Enabled(context) && planned > 0 ? CanaryContext.SpecOf(canary)
                : AbortedCanaryReplicas(context, plan, canary);
            stableReplicas = DynamicStableScale.Enabled(context)
                ? DynamicStableScale.StableReplicas(context.Replicas, DynamicStableScale.Routed(context, draft.CurrentHash),
                    Math.Min(planned, draft.Abort ? 0 : CanarySteps.WeightAt(context.Steps, draft.StepIndex)))
                : context.Replicas;
        }
        else
        {
            var others = context.ReplicaSets.Except(draft.StableHash, draft.CurrentHash).Sum(CanaryContext.SpecOf);
            (canaryReplicas, stableReplicas) = BasicCanaryReplicas.Next(
                context.Replicas, draft.Abort ? 0 : CanarySteps.WeightAt(context.Steps, draft.StepIndex),
                context.Strategy.MaxSurge, context.Strategy.MaxUnavailable,
                new ReplicaCount(CanaryContext.SpecOf(canary), CanaryContext.Available(canary)),
                new ReplicaCount(CanaryContext.SpecOf(stable), CanaryContext.Available(stable)), others,
                keepStable: context.Observation.StableService is not null);
        }

        if (canary is null)
        {
            if (!draft.Abort)
            {
                plan.Add(new CreateReplicaSet(ReplicaSetFactory.Create(context.Rollout, draft.CurrentHash, canaryReplicas)));
            }
        }
        else
        {
            if (CanaryContext.SpecOf(canary) != canaryReplicas)
            {
                plan.Add(new ScaleReplicaSet(canary.Metadata.Name!, canaryReplicas));
            }

            if (!draft.Abort && ScaleDownDeadline.Read(canary) is not null)
            {
                plan.Add(new AnnotateReplicaSet(canary.Metadata.Name!, null));
            }
        }

        if (CanaryContext.SpecOf(stable) != stableReplicas)
        {
            plan.Add(new ScaleReplicaSet(stable.Metadata.Name!, stableReplicas));
        }

        if (ScaleDownDeadline.Read(stable) is not null)
        {
            // Left by a promotion that did not complete: the stable must not be scaled down.
            plan.Add(new AnnotateReplicaSet(stable.Metadata.Name!, null));
        }
    }

    /// <summary>After an abort the canary keeps its pods for abortScaleDownDelaySeconds (its traffic is already gone), then none.</summary>
    private static int AbortedCanaryReplicas(CanaryContext context, PlanBuilder plan, ReplicaSet? canary)
    {
        var current = CanaryContext.SpecOf(canary);
        if (canary is null || current == 0)
        {
            return 0;
        }

        var deadline = ScaleDownDeadline.Read(canary);
        if (deadline is null)
        {
            var delay = context.Strategy.AbortScaleDownDelaySeconds ?? RolloutDefaults.AbortScaleDownDelaySeconds;
            if (delay <= 0)
            {
                return 0;
            }

            deadline = ScaleDownDeadline.After(context.Now, delay);
            plan.Add(new AnnotateReplicaSet(canary.Metadata.Name!, deadline));
        }

        if (context.Now >= deadline)
        {
            return 0;
        }

        plan.WakeAt(deadline.Value);
        return current;
    }
}
