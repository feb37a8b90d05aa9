using System.Globalization;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Canary;

/// <summary>
/// The AnalysisRuns of a canary. Which runs should exist is recomputed on every reconcile from the status:
/// during an update that is not aborted, the run of the analysis step the rollout stands on and, from
/// startingStep on, the background run, both for the canary's hash and its try (status.canary.analysisAttempt).
/// A wanted run that was not observed is created (unless spec.paused); every observed run that is still
/// running and not wanted is terminated (promotion, abort, rollback, a new canary, a retry). Runs that ended are
/// left as they are.
/// </summary>
internal static class CanaryAnalysis
{
    public const string StartedReason = "AnalysisRunStarted";
    public const string NotStartedReason = "AnalysisRunNotStarted";
    public const string TerminatedReason = "AnalysisRunTerminated";

    /// <summary>The run of the analysis step the rollout stands on, or null when it stands on no analysis step.</summary>
    public static AnalysisVerdict? StepVerdict(CanaryContext context, CanaryDraft draft) =>
        StepAnalysis(context, draft) is null ? null : context.Analysis.Find(StepKey(draft));

    /// <summary>The background run of the canary, or null when there is none (or promote --full skips it).</summary>
    public static AnalysisVerdict? BackgroundVerdict(CanaryContext context, CanaryDraft draft) =>
        context.Strategy.Analysis is null || draft.SkipsAnalysis ? null : context.Analysis.Find(BackgroundKey(draft));

    /// <summary>Why the analysis step the rollout stands on cannot start its run, or null when it can (or it has one).</summary>
    public static string? StepProblem(CanaryContext context, CanaryDraft draft) =>
        StepAnalysis(context, draft) is { } analysis && context.Analysis.Find(StepKey(draft)) is null
            ? Build(context, draft, StepKey(draft), analysis).Problem
            : null;

    /// <summary>What keeps the steps from going on because the background run cannot start, or null.</summary>
    public static string? BackgroundBlocker(CanaryContext context, CanaryDraft draft)
    {
        if (!BackgroundWanted(context, draft) || context.Analysis.Find(BackgroundKey(draft)) is not null)
        {
            return null;
        }

        return Build(context, draft, BackgroundKey(draft), context.Strategy.Analysis!).Problem is { } problem
            ? $"background analysis cannot start: {problem}"
            : null;
    }

    /// <summary>
    /// Pauses the rollout (pause condition InconclusiveAnalysis) for a background run of this try that ended Inconclusive,
    /// and returns what it is held for; null when nothing is to hold. Promote clears the pause conditions: a run the status
    /// already showed Inconclusive whose pause is gone was promoted past, and its name goes to
    /// status.canary.promotedInconclusiveBackgroundRun so that it never pauses the rollout again (the steps go on without
    /// background analysis for this try). A new canary or a retry has a run of another name, which pauses again.
    /// </summary>
    public static string? BackgroundPause(CanaryContext context, CanaryDraft draft, PlanBuilder plan)
    {
        if (BackgroundVerdict(context, draft) is not { Phase: AnalysisPhase.Inconclusive } verdict ||
            verdict.RunName == draft.PromotedInconclusiveBackgroundRun)
        {
            return null;
        }

        var where = draft.StepIndex < context.Steps.Count ? $"paused at {CanarySteps.Label(draft.StepIndex, context.Steps.Count)}" : "paused before promotion";
        var detail = string.IsNullOrEmpty(verdict.Message) ? "" : $": {verdict.Message}";
        var message = $"{where}: background analysis inconclusive (AnalysisRun {verdict.RunName}{detail}); promote to go on or abort";
        var paused = draft.PauseConditions.Any(c => c.Reason == CanaryStepEvaluator.InconclusiveReason);
        var shown = context.Previous.Canary?.CurrentBackgroundAnalysisRunStatus is { } run &&
                    run.Name == verdict.RunName && run.Status == AnalysisPhase.Inconclusive;
        if (shown && !paused)
        {
            draft.PromotedInconclusiveBackgroundRun = verdict.RunName;
            plan.Record(RecordEvent.Normal, "RolloutResumed",
                $"promoted past the inconclusive background analysis (AnalysisRun {verdict.RunName}); no more background analysis for {context.ReplicaSetName(draft.CurrentHash)} in this try",
                "Promoted");
            return null;
        }

        if (!paused)
        {
            draft.PauseConditions = [.. draft.PauseConditions, new PauseCondition { Reason = CanaryStepEvaluator.InconclusiveReason, StartTime = context.Now }];
        }

        if (!shown)
        {
            plan.Record(RecordEvent.Warning, "AnalysisInconclusive", message, "BackgroundAnalysisInconclusive");
        }

        return message;
    }

    /// <summary>What keeps a canary whose steps are done from promotion: a step run of this try still running.</summary>
    public static string? PromotionBlocker(CanaryContext context, CanaryDraft draft)
    {
        if (draft.SkipsAnalysis)
        {
            return null;
        }

        var running = RunningStepRuns(context, draft).FirstOrDefault();
        return running is null ? null : $"waiting for AnalysisRun {running.RunName} ({running.Phase}) to end before promotion";
    }

    private static IEnumerable<AnalysisVerdict> RunningStepRuns(CanaryContext context, CanaryDraft draft) =>
        context.Analysis.Verdicts.Where(v =>
            v.Key is { StepIndex: not null } key && key.PodTemplateHash == draft.CurrentHash && key.Attempt == draft.AnalysisAttempt && !v.Completed && !v.Terminating);

    /// <summary>
    /// Plans the creation of the wanted runs that were not observed and the termination of running runs no longer
    /// wanted, and fills the draft's run statuses.
    /// </summary>
    /// <param name="updating">An update is in progress (false in the steady state and on promotion).</param>
    public static void Reconcile(CanaryContext context, PlanBuilder plan, CanaryDraft draft, bool updating)
    {
        var wanted = new List<AnalysisRunKey>();
        draft.StepRun = null;
        draft.BackgroundRun = null;
        if (updating && StepAnalysis(context, draft) is { } step)
        {
            draft.StepRun = Follow(context, plan, draft, StepKey(draft), step, !draft.Abort, wanted,
                context.Previous.Canary?.CurrentStepAnalysisRunStatus);
        }

        if (updating && context.Strategy.Analysis is { } background && !draft.SkipsAnalysis)
        {
            draft.BackgroundRun = Follow(context, plan, draft, BackgroundKey(draft), background, BackgroundWanted(context, draft), wanted,
                context.Previous.Canary?.CurrentBackgroundAnalysisRunStatus);
        }

        if (updating && !draft.Abort && !draft.SkipsAnalysis && draft.StepIndex >= context.Steps.Count)
        {
            // Steps done: a step run of this try still running holds the promotion (PromotionBlocker) until it ends.
            wanted.AddRange(RunningStepRuns(context, draft).Select(v => v.Key!));
        }

        foreach (var verdict in context.Analysis.Verdicts)
        {
            if (!verdict.Completed && !verdict.Terminating && (verdict.Key is null || !wanted.Contains(verdict.Key)))
            {
                plan.Add(new TerminateAnalysisRun(verdict.RunName));
                plan.Add(new RecordEvent(RecordEvent.Normal, TerminatedReason,
                    $"AnalysisRun {verdict.RunName} ({verdict.Phase}) is no longer needed: {Why(context, draft, updating)}"));
            }
        }
    }

    private static RolloutAnalysisRunStatus? Follow(
        CanaryContext context, PlanBuilder plan, CanaryDraft draft, AnalysisRunKey key, RolloutAnalysis analysis, bool want,
        List<AnalysisRunKey> wanted, RolloutAnalysisRunStatus? previous)
    {
        if (context.Analysis.Find(key) is { } verdict)
        {
            if (want)
            {
                wanted.Add(key);
            }

            return new RolloutAnalysisRunStatus { Name = verdict.RunName, Status = verdict.Phase, Message = verdict.Message };
        }

        if (!want)
        {
            return null;
        }

        var name = AnalysisRunFactory.NameFor(context.Name, key);
        var build = Build(context, draft, key, analysis);
        var which = Which(context, key);
        if (build.Run is not { } run)
        {
            if (previous?.Name != name || previous.Message != build.Problem)
            {
                plan.Record(RecordEvent.Warning, NotStartedReason, $"{which}: cannot start AnalysisRun {name}: {build.Problem}", "AnalysisTemplateProblem");
            }

            return new RolloutAnalysisRunStatus { Name = name, Status = AnalysisPhase.Pending, Message = build.Problem };
        }

        wanted.Add(key);
        if (context.SpecPaused)
        {
            return new RolloutAnalysisRunStatus { Name = name, Status = AnalysisPhase.Pending, Message = "not started while spec.paused is true" };
        }

        if (!AttemptRecorded(context, draft))
        {
            // A new canary or a retry: its try is written to the status first, so a restart cannot start it twice.
            return new RolloutAnalysisRunStatus { Name = name, Status = AnalysisPhase.Pending };
        }

        plan.Add(new CreateAnalysisRun(run));
        var templates = string.Join(", ", (analysis.Templates ?? []).Select(t => t.TemplateName));
        plan.Record(RecordEvent.Normal, StartedReason,
            $"{which}: started AnalysisRun {name} ({templates}) for {context.ReplicaSetName(key.PodTemplateHash)}",
            key.IsBackground ? "BackgroundAnalysis" : "AnalysisStep");
        return new RolloutAnalysisRunStatus { Name = name, Status = AnalysisPhase.Pending };
    }

    private static AnalysisRunBuild Build(CanaryContext context, CanaryDraft draft, AnalysisRunKey key, RolloutAnalysis analysis)
    {
        var path = key.StepIndex is { } index
            ? string.Create(CultureInfo.InvariantCulture, $"spec.strategy.canary.steps[{index}].analysis")
            : "spec.strategy.canary.analysis";
        return AnalysisRunFactory.Create(context.Rollout, key, analysis, path, context.Observation.AnalysisTemplates, draft.StableHash);
    }

    private static bool AttemptRecorded(CanaryContext context, CanaryDraft draft) =>
        context.Previous.CurrentPodHash == draft.CurrentHash && draft.AnalysisAttempt == Math.Max(1, context.Previous.Canary?.AnalysisAttempt ?? 1);

    private static RolloutAnalysis? StepAnalysis(CanaryContext context, CanaryDraft draft) =>
        draft.StepIndex < context.Steps.Count ? context.Steps[draft.StepIndex].Analysis : null;

    private static bool BackgroundWanted(CanaryContext context, CanaryDraft draft) =>
        context.Strategy.Analysis is { } background && !draft.Abort && !draft.SkipsAnalysis &&
        draft.StepIndex >= Math.Max(0, background.StartingStep ?? 0);

    private static AnalysisRunKey StepKey(CanaryDraft draft) => new(draft.CurrentHash, draft.StepIndex, draft.AnalysisAttempt);

    private static AnalysisRunKey BackgroundKey(CanaryDraft draft) => new(draft.CurrentHash, null, draft.AnalysisAttempt);

    private static string Which(CanaryContext context, AnalysisRunKey key) =>
        key.StepIndex is { } index ? CanarySteps.Label(index, context.Steps.Count) : "background analysis";

    private static string Why(CanaryContext context, CanaryDraft draft, bool updating) =>
        !updating ? $"no update in progress (stable is {context.ReplicaSetName(draft.StableHash)})"
        : draft.Abort ? "the update is aborted"
        : draft.PromoteFull ? "promoted in full"
        : draft.RollbackWindow is not null ? "a rollback within rollbackWindow skips the analysis"
        : draft.StepIndex >= context.Steps.Count ? $"all steps of {context.ReplicaSetName(draft.CurrentHash)} are done"
        : $"the rollout moved on ({CanarySteps.Label(draft.StepIndex, context.Steps.Count)} of {context.ReplicaSetName(draft.CurrentHash)}, try {draft.AnalysisAttempt})";
}
