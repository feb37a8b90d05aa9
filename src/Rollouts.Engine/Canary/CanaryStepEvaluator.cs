using Rollouts.Api.Analysis;
using Rollouts.Api.Common;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Canary;

/// <summary>Decides whether the current step is done, from the status and the observed world only.</summary>
internal static class CanaryStepEvaluator
{
    public const string PauseStepReason = "CanaryPauseStep";
    public const string InconclusiveReason = StrategyContext.InconclusiveReason;

    public static StepOutcome Evaluate(CanaryContext context, CanaryDraft draft, PlanBuilder plan)
    {
        var step = context.Steps[draft.StepIndex];
        if (step.SetWeight is { } weight)
        {
            return AtWeight(context, draft, Math.Clamp(weight, 0, 100));
        }

        if (step.Pause is { } pause)
        {
            return Pause(context, draft, pause, plan);
        }

        if (step.SetCanaryScale is not null)
        {
            return AtSize(context, draft) is { } waiting ? StepOutcome.WaitingFor(waiting) : StepOutcome.Complete("canary scaled");
        }

        if (step.Analysis is { } analysis)
        {
            return Analysis(context, draft, analysis, plan);
        }

        if (step.SetHeaderRoute is { } header)
        {
            var waiting = RouterAt(context, draft, CanarySteps.WeightAt(context.Steps, draft.StepIndex));
            return waiting is null
                ? StepOutcome.Complete(header.Match is { Count: > 0 } ? $"header route {header.Name} set" : $"header route {header.Name} removed")
                : StepOutcome.WaitingFor(waiting);
        }

        return StepOutcome.Complete("step of no known kind");
    }

    /// <summary>Adds the pause condition when the rollout stands on a pause step it has not paused for yet.</summary>
    public static void EnterPause(CanaryContext context, CanaryDraft draft, PlanBuilder plan)
    {
        if (draft.StepIndex >= context.Steps.Count || context.Steps[draft.StepIndex].Pause is not { } pause || draft.ControllerPause)
        {
            return;
        }

        draft.PauseConditions = [.. draft.PauseConditions, new PauseCondition { Reason = PauseStepReason, StartTime = context.Now }];
        draft.ControllerPause = true;
        var how = pause.Duration is { } duration ? $"for {duration}" : "until promoted";
        plan.Record(RecordEvent.Normal, "RolloutPaused", $"{Label(context, draft)}: paused {how}", "PauseStep");
    }

    /// <summary>
    /// What keeps the ReplicaSets from the sizes the current step wants, or null when they have them: with
    /// traffic routing, the canary at its size with every pod available; without, canary and stable at their
    /// shares and no pods left elsewhere.
    /// </summary>
    public static string? AtSize(CanaryContext context, CanaryDraft draft)
    {
        var canary = context.ReplicaSets.Find(draft.CurrentHash);
        var stable = context.ReplicaSets.Find(draft.StableHash);
        var canaryName = context.ReplicaSetName(draft.CurrentHash);
        if (context.Router is not null)
        {
            var desired = CanaryReplicas.Desired(context.Replicas, context.Steps, draft.StepIndex);
            return CanaryContext.SpecOf(canary) == desired && CanaryContext.Available(canary) >= desired
                ? null
                : $"waiting for canary ReplicaSet {canaryName}: {CanaryContext.Available(canary)} of {desired} pods available";
        }

        var (canaryTarget, stableTarget) = BasicTarget(context, draft);
        if (CanaryContext.SpecOf(canary) != canaryTarget || CanaryContext.Available(canary) < canaryTarget)
        {
            return $"waiting for canary ReplicaSet {canaryName}: {CanaryContext.Available(canary)} of {canaryTarget} pods available";
        }

        if (CanaryContext.SpecOf(stable) != stableTarget)
        {
            return $"waiting for stable ReplicaSet {context.ReplicaSetName(draft.StableHash)} to scale to {stableTarget}";
        }

        var others = context.ReplicaSets.Except(draft.StableHash, draft.CurrentHash).Sum(CanaryContext.Available);
        return others == 0 ? null : $"waiting for {others} pods of older ReplicaSets to stop";
    }

    /// <summary>Without traffic routing: the sizes canary and stable move towards at the current step.</summary>
    public static (int Canary, int Stable) BasicTarget(CanaryContext context, CanaryDraft draft)
    {
        var (surge, _) = BasicCanaryReplicas.Limits(context.Replicas, context.Strategy.MaxSurge, context.Strategy.MaxUnavailable);
        return BasicCanaryReplicas.Target(
            context.Replicas, CanarySteps.WeightAt(context.Steps, draft.StepIndex), surge, keepStable: context.Observation.StableService is not null);
    }

    /// <summary>
    /// What the user must mend before traffic can move (a missing or misconfigured Service, Ingress or HTTPRoute), or
    /// null when nothing does.
    /// </summary>
    public static string? TrafficProblem(CanaryContext context)
    {
        if (context.Router is not { } router)
        {
            return null;
        }

        if (router.Problems.Count > 0)
        {
            return router.Problems[0];
        }

        if (context.Strategy.StableService is { Length: > 0 } stableService && context.Observation.StableService is null)
        {
            // Without it the stable pods would get no traffic from the stable ingress once the canary takes its share.
            return MissingReference.Message($"stable service '{stableService}'", "spec.strategy.canary.stableService");
        }

        return context.Observation.CanaryService is null
            ? MissingReference.Message($"canary service '{context.Strategy.CanaryService}'", "spec.strategy.canary.canaryService")
            : null;
    }

    /// <summary>What keeps the router from holding <paramref name="weight"/> for the canary, or null when it does.</summary>
    public static string? RouterAt(CanaryContext context, CanaryDraft draft, int weight)
    {
        if (context.Router is not { } router)
        {
            return null;
        }

        if (TrafficProblem(context) is { } problem)
        {
            return problem;
        }

        if (!ServiceSelectors.Selects(context.Observation.CanaryService, draft.CurrentHash))
        {
            return $"waiting for canary service '{context.Strategy.CanaryService}' to select {context.ReplicaSetName(draft.CurrentHash)}";
        }

        return router.WaitingFor(weight, CanaryTraffic.HeaderRoutes(context, draft));
    }

    public static string Label(CanaryContext context, CanaryDraft draft) =>
        CanarySteps.Label(draft.StepIndex, context.Steps.Count);

    private static StepOutcome AtWeight(CanaryContext context, CanaryDraft draft, int weight)
    {
        var waiting = AtSize(context, draft) ?? RouterAt(context, draft, weight);
        return waiting is null ? StepOutcome.Complete($"weight {weight} reached") : StepOutcome.WaitingFor(waiting);
    }

    private static StepOutcome Pause(CanaryContext context, CanaryDraft draft, RolloutPause pause, PlanBuilder plan)
    {
        var label = Label(context, draft);
        if (!draft.ControllerPause)
        {
            return StepOutcome.HoldingFor($"pausing at {label}");
        }

        if (draft.PauseConditions.Count == 0)
        {
            return StepOutcome.Complete("promoted");
        }

        var condition = draft.PauseConditions.FirstOrDefault(c => c.Reason == PauseStepReason);
        if (condition is null)
        {
            return StepOutcome.HoldingFor($"paused at {label} ({draft.PauseConditions[0].Reason})");
        }

        if (pause.Duration is not { } duration)
        {
            return StepOutcome.HoldingFor($"paused at {label} until promoted (kubectl rollouts promote {context.Name})");
        }

        if (!Durations.TryParse(duration, out var length, out _) || length < TimeSpan.Zero)
        {
            return StepOutcome.HoldingFor($"paused at {label}: duration '{duration}' is not a duration; promote to go on");
        }

        var end = (condition.StartTime ?? context.Now) + length;
        if (context.Now >= end)
        {
            return StepOutcome.Complete($"{duration} elapsed");
        }

        plan.WakeAt(end);
        return StepOutcome.HoldingFor($"paused at {label} for {duration}, until {ScaleDownDeadline.Format(end)}");
    }

    private static StepOutcome Analysis(CanaryContext context, CanaryDraft draft, RolloutAnalysis analysis, PlanBuilder plan)
    {
        var label = Label(context, draft);
        var verdict = CanaryAnalysis.StepVerdict(context, draft);
        switch (verdict?.Phase)
        {
            case AnalysisPhase.Successful:
                return StepOutcome.Complete("analysis successful");
            case AnalysisPhase.Inconclusive:
                if (draft.ControllerPause && draft.PauseConditions.Count == 0)
                {
                    return StepOutcome.Complete("promoted after an inconclusive analysis");
                }

                if (draft.PauseConditions.All(c => c.Reason != InconclusiveReason))
                {
                    draft.PauseConditions = [.. draft.PauseConditions, new PauseCondition { Reason = InconclusiveReason, StartTime = context.Now }];
                    draft.ControllerPause = true;
                    plan.Record(RecordEvent.Warning, "AnalysisInconclusive",
                        $"{label}: analysis inconclusive{Detail(verdict)}; promote to go on or abort", "AnalysisInconclusive");
                }

                return StepOutcome.HoldingFor($"paused at {label}: analysis inconclusive{Detail(verdict)}; promote to go on or abort");
            default:
                if (verdict is null && CanaryAnalysis.StepProblem(context, draft) is { } problem)
                {
                    return StepOutcome.HoldingFor($"{label}: analysis cannot start: {problem}");
                }

                var names = string.Join(", ", (analysis.Templates ?? []).Select(t => t.TemplateName));
                return StepOutcome.HoldingFor($"{label}: waiting for analysis {names} of {context.ReplicaSetName(draft.CurrentHash)}");
        }
    }

    private static string Detail(AnalysisVerdict verdict) =>
        string.IsNullOrEmpty(verdict.Message) ? "" : $" ({verdict.Message})";
}
