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
    /// selects the canary and the canary has every pod the step wants available.
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
        var proposed = allowed <= current ? allowed : capacity && !context.SpecPaused ? allowed : current;
        if (DynamicStableScale.Enabled(context) && proposed < current)
        {
            proposed = Math.Max(proposed, DynamicStableScale.Floor(context, draft.StableHash, current));
        }

        var (weight, actions) = router.SetWeight(proposed, servesCanary ? HeaderRoutes(context, draft) : []);
        plan.AddRange(actions);
        draft.Weights = Weights(context, weight, draft.CurrentHash, draft.StableHash);
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
