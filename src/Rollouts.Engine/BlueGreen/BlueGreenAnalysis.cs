using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.BlueGreen;

/// <summary>
/// The AnalysisRuns of a blue-green update: prePromotionAnalysis once the new version is available at its preview
/// size and before the active service switches, postPromotionAnalysis once the active service selects it. Each is
/// made by <see cref="AnalysisRunFactory"/> for the new version's hash and the update's try
/// (status.blueGreen.analysisAttempt). A wanted run that was not observed is created (unless spec.paused); every
/// observed run still running and no longer wanted is terminated (an abort, a promotion, a new template).
/// </summary>
internal static class BlueGreenAnalysis
{
    public const string PrePath = "spec.strategy.blueGreen.prePromotionAnalysis";
    public const string PostPath = "spec.strategy.blueGreen.postPromotionAnalysis";

    public static AnalysisRunKey PreKey(BlueGreenDraft draft) => AnalysisRunKey.PrePromotion(draft.CurrentHash, draft.AnalysisAttempt);

    public static AnalysisRunKey PostKey(BlueGreenDraft draft) => AnalysisRunKey.PostPromotion(draft.CurrentHash, draft.AnalysisAttempt);

    /// <summary>The pre-promotion run of this update and try, or null when there is none.</summary>
    public static AnalysisVerdict? Pre(BlueGreenContext context, BlueGreenDraft draft) =>
        context.Strategy.PrePromotionAnalysis is null ? null : context.Analysis.Find(PreKey(draft));

    /// <summary>The post-promotion run of this update and try, or null when there is none.</summary>
    public static AnalysisVerdict? Post(BlueGreenContext context, BlueGreenDraft draft) =>
        context.Strategy.PostPromotionAnalysis is null ? null : context.Analysis.Find(PostKey(draft));

    /// <summary>
    /// Plans the runs: <paramref name="keepPre"/> keeps a pre-promotion run that exists, <paramref name="startPre"/>
    /// starts it (the new version is available at its preview size), <paramref name="wantPost"/> keeps or starts the
    /// post-promotion run. Fills the draft's run statuses; returns why a wanted run cannot start, or null.
    /// </summary>
    public static string? Reconcile(
        BlueGreenContext context, PlanBuilder plan, BlueGreenDraft draft, bool updating, bool keepPre, bool startPre, bool wantPost)
    {
        var wanted = new List<AnalysisRunKey>();
        string? problem = null;
        draft.PrePromotionRun = null;
        draft.PostPromotionRun = null;
        if (updating && context.Strategy.PrePromotionAnalysis is { } pre)
        {
            draft.PrePromotionRun = Follow(context, plan, draft, PreKey(draft), pre, PrePath, "pre-promotion analysis", keepPre, startPre, wanted,
                context.Previous.BlueGreen?.PrePromotionAnalysisRunStatus, ref problem);
        }

        if (updating && context.Strategy.PostPromotionAnalysis is { } post)
        {
            draft.PostPromotionRun = Follow(context, plan, draft, PostKey(draft), post, PostPath, "post-promotion analysis", wantPost, wantPost, wanted,
                context.Previous.BlueGreen?.PostPromotionAnalysisRunStatus, ref problem);
        }

        foreach (var verdict in context.Analysis.Verdicts)
        {
            if (!verdict.Completed && !verdict.Terminating && (verdict.Key is null || !wanted.Contains(verdict.Key)))
            {
                plan.Add(new TerminateAnalysisRun(verdict.RunName));
                var why = !updating ? $"no update in progress (active is {context.ReplicaSetName(draft.StableHash)})"
                    : draft.Abort ? "the update is aborted"
                    : draft.PromoteFull ? "promoted in full"
                    : draft.RollbackWindow is not null ? "a rollback within rollbackWindow skips the analysis"
                    : $"the update of {context.ReplicaSetName(draft.CurrentHash)} moved on";
                plan.Add(new RecordEvent(RecordEvent.Normal, "AnalysisRunTerminated", $"AnalysisRun {verdict.RunName} ({verdict.Phase}) is no longer needed: {why}"));
            }
        }

        return problem;
    }

    private static RolloutAnalysisRunStatus? Follow(
        BlueGreenContext context, PlanBuilder plan, BlueGreenDraft draft, AnalysisRunKey key, RolloutAnalysis analysis, string path, string which,
        bool keep, bool start, List<AnalysisRunKey> wanted, RolloutAnalysisRunStatus? previous, ref string? problem)
    {
        if (context.Analysis.Find(key) is { } verdict)
        {
            if (keep)
            {
                wanted.Add(key);
            }

            return new RolloutAnalysisRunStatus { Name = verdict.RunName, Status = verdict.Phase, Message = verdict.Message };
        }

        if (!start)
        {
            return null;
        }

        var name = AnalysisRunFactory.NameFor(context.Name, key);
        var build = AnalysisRunFactory.Create(context.Rollout, key, analysis, path, context.Observation.AnalysisTemplates, draft.StableHash);
        if (build.Run is not { } run)
        {
            problem = $"{which} cannot start: {build.Problem}";
            if (previous?.Name != name || previous.Message != build.Problem)
            {
                plan.Record(RecordEvent.Warning, "AnalysisRunNotStarted", $"{which}: cannot start AnalysisRun {name}: {build.Problem}", "AnalysisTemplateProblem");
            }

            return new RolloutAnalysisRunStatus { Name = name, Status = AnalysisPhase.Pending, Message = build.Problem };
        }

        wanted.Add(key);
        if (context.SpecPaused)
        {
            return new RolloutAnalysisRunStatus { Name = name, Status = AnalysisPhase.Pending, Message = "not started while spec.paused is true" };
        }

        var recorded = context.Previous.CurrentPodHash == draft.CurrentHash &&
            draft.AnalysisAttempt == Math.Max(1, context.Previous.BlueGreen?.AnalysisAttempt ?? 1);
        if (!recorded)
        {
            // A new update or a retry: its try is written to the status first, so a restart cannot start it twice.
            return new RolloutAnalysisRunStatus { Name = name, Status = AnalysisPhase.Pending };
        }

        plan.Add(new CreateAnalysisRun(run));
        var templates = string.Join(", ", (analysis.Templates ?? []).Select(t => t.TemplateName));
        plan.Record(RecordEvent.Normal, "AnalysisRunStarted",
            $"{which}: started AnalysisRun {name} ({templates}) for {context.ReplicaSetName(key.PodTemplateHash)}",
            key.PromotionKind == AnalysisLabels.PrePromotionKind ? "PrePromotionAnalysis" : "PostPromotionAnalysis");
        return new RolloutAnalysisRunStatus { Name = name, Status = AnalysisPhase.Pending };
    }
}
