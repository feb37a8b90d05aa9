using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Traffic;

namespace Rollouts.Engine.Canary;

/// <summary>The canary weight of an update and the router actions that set it.</summary>
internal static class CanaryTraffic
{
    /// <summary>
    /// The canary weight: at most what the current step allows (0 after an abort); lowered at once (with
    /// dynamicStableScale, as far as the stable's available pods carry); raised only when the canary service
    /// selects the canary and the canary has every pod the step wants available, and never above what the step
    /// the status already records allows: a plan that enters a step raises the weight only in the next reconcile,
    /// after its status write has recorded the step, so a crash between the two writes never leaves a weight the
    /// status does not cover.
    /// </summary>
    public static void Route(CanaryContext context, PlanBuilder plan, CanaryDraft draft)
    {
        if (context.Router is not { } router)
        {
            return;
        }

        var allowed = draft.Abort ? 0 : CanarySteps.WeightAt(context.Steps, draft.StepIndex);
        var canaryService = context.Observation.CanaryService;
        var servesCanary = ServiceSelectors.Selects(canaryService, draft.CurrentHash);
        var current = servesCanary ? router.ObservedWeight : 0;
        var wanted = CanaryReplicas.Desired(context.Replicas, context.Steps, draft.StepIndex);
        var capacity = servesCanary && CanaryContext.Available(context.ReplicaSets.Find(draft.CurrentHash)) >= Math.Max(1, wanted);
        var proposed = allowed <= current ? allowed
            : capacity && !context.SpecPaused ? Math.Max(current, Math.Min(allowed, RecordedAllowance(context.Previous, context.Steps, draft.CurrentHash)))
            : current;
        if (DynamicStableScale.Enabled(context) && proposed < current)
        {
            proposed = Math.Max(proposed, DynamicStableScale.Floor(context, draft.StableHash, current));
        }

        var (weight, actions) = router.SetWeight(proposed, servesCanary ? HeaderRoutes(context, draft) : []);
        plan.AddRange(actions);
        draft.Weights = Weights(context, weight, draft.CurrentHash, draft.StableHash);
    }

    /// <summary>
    /// The weight a recorded status allows for <paramref name="canaryHash"/>: its step's weight when it records an
    /// update of that hash in progress, not aborted and not since retried; otherwise 0.
    /// </summary>
    public static int RecordedAllowance(RolloutStatus recorded, IReadOnlyList<CanaryStep> steps, string canaryHash)
    {
        var updating = recorded.CurrentPodHash == canaryHash && recorded.CurrentPodHash != recorded.StableRS;
        if (!updating || recorded.Abort == true || recorded.AbortedAt is not null)
        {
            return 0;
        }

        return CanarySteps.WeightAt(steps, Math.Clamp(recorded.CurrentStepIndex ?? 0, 0, steps.Count));
    }

    /// <summary>The header routes the current step keeps (none after an abort).</summary>
    public static IReadOnlyList<HeaderRoute> HeaderRoutes(CanaryContext context, CanaryDraft draft) =>
        draft.Abort ? [] : HeaderRoute.At(context.Strategy, draft.StepIndex);

    /// <summary>status.canary.weights for a canary weight: the canary and stable destinations with their hash and service.</summary>
    public static TrafficWeights Weights(CanaryContext context, int canaryWeight, string canaryHash, string stableHash) => new()
    {
        Canary = new WeightDestination { Weight = canaryWeight, PodTemplateHash = canaryHash, ServiceName = context.Strategy.CanaryService },
        Stable = new WeightDestination { Weight = 100 - canaryWeight, PodTemplateHash = stableHash, ServiceName = context.Strategy.StableService },
    };
}
