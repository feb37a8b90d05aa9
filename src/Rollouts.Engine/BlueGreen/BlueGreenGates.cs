using System.Globalization;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.BlueGreen;

/// <summary>
/// What holds a blue-green update on purpose, before the active service switches (pre-promotion analysis, then the
/// BlueGreenPause) and after it (post-promotion analysis); an Inconclusive run pauses it until promoted past.
/// </summary>
internal static class BlueGreenGates
{
    /// <summary>
    /// What keeps an available preview from promotion (pre-promotion analysis, the pause), or null when it may be
    /// promoted now. Enters and ends the BlueGreenPause.
    /// </summary>
    public static string? BeforeSwitch(BlueGreenContext context, PlanBuilder plan, BlueGreenDraft draft, bool wantPre)
    {
        if (draft.SkipsAnalysis)
        {
            return null;
        }

        if (wantPre)
        {
            var verdict = BlueGreenAnalysis.Pre(context, draft);
            var name = AnalysisRunFactory.NameFor(context.Name, BlueGreenAnalysis.PreKey(draft));
            if (verdict is null || !verdict.Completed)
            {
                return $"waiting for pre-promotion AnalysisRun {name} ({verdict?.Phase ?? AnalysisPhase.Pending})";
            }

            if (InconclusivePause(context, plan, draft, verdict, pre: true,
                    "paused before promotion: pre-promotion analysis inconclusive", "promote to go on or abort") is { } paused)
            {
                return paused;
            }
        }

        if (!context.ManualPromotion && context.AutoPromotionSeconds is null)
        {
            return null;
        }

        if (!draft.ControllerPause)
        {
            draft.PauseConditions = [.. draft.PauseConditions, new PauseCondition { Reason = BlueGreenPlanner.PauseReason, StartTime = context.Now }];
            draft.ControllerPause = true;
            var how = context.AutoPromotionSeconds is { } delay
                ? string.Create(CultureInfo.InvariantCulture, $"for {delay}s (autoPromotionSeconds)")
                : "until promoted (autoPromotionEnabled is false)";
            plan.Record(RecordEvent.Normal, "RolloutPaused", $"{context.ReplicaSetName(draft.CurrentHash)} is available through the preview service; paused {how}", "BlueGreenPause");
            return PauseMessage(context, draft);
        }

        var pause = draft.PauseConditions.FirstOrDefault(p => p.Reason == BlueGreenPlanner.PauseReason);
        if (pause is null)
        {
            // The pause conditions were cleared while the operator held the rollout: promoted.
            return null;
        }

        if (context.AutoPromotionSeconds is { } seconds && pause.StartTime is { } start)
        {
            var due = start.AddSeconds(seconds);
            if (context.Now >= due)
            {
                draft.PauseConditions = [.. draft.PauseConditions.Where(p => p != pause)];
                plan.Record(RecordEvent.Normal, "RolloutResumed", string.Create(CultureInfo.InvariantCulture, $"autoPromotionSeconds ({seconds}s) passed: promoting"), "AutoPromotion");
                return draft.PauseConditions.Count > 0 ? PauseMessage(context, draft) : null;
            }

            plan.WakeAt(due);
        }

        return PauseMessage(context, draft);
    }

    private static string PauseMessage(BlueGreenContext context, BlueGreenDraft draft) =>
        context.AutoPromotionSeconds is { } seconds && draft.PauseConditions.FirstOrDefault(p => p.Reason == BlueGreenPlanner.PauseReason)?.StartTime is { } start
            ? $"paused before promotion (BlueGreenPause): promotes by itself at {ScaleDownDeadline.Format(start.AddSeconds(seconds))}, or now with promote"
            : "paused before promotion (BlueGreenPause): promote to switch the active service";


    /// <summary>What the post-promotion analysis still holds the promotion for, or null when it passed (or there is none).</summary>
    public static string? AfterSwitch(BlueGreenContext context, PlanBuilder plan, BlueGreenDraft draft, bool wantPost)
    {
        if (!wantPost)
        {
            return null;
        }

        var verdict = BlueGreenAnalysis.Post(context, draft);
        var name = AnalysisRunFactory.NameFor(context.Name, BlueGreenAnalysis.PostKey(draft));
        if (verdict is null || !verdict.Completed)
        {
            return $"waiting for post-promotion AnalysisRun {name} ({verdict?.Phase ?? AnalysisPhase.Pending}); {context.ReplicaSetName(draft.StableHash)} is kept to switch back to";
        }

        return InconclusivePause(context, plan, draft, verdict, pre: false,
            "paused after the switch: post-promotion analysis inconclusive",
            $"promote to keep {context.ReplicaSetName(draft.CurrentHash)} or abort to switch back to {context.ReplicaSetName(draft.StableHash)}");
    }

    /// <summary>
    /// Pauses the update (pause condition InconclusiveAnalysis) for a run that ended Inconclusive and returns what it is
    /// held for; null when the run is not Inconclusive or was promoted past. Promote clears the pause conditions: a run
    /// the status already showed Inconclusive whose pause is gone was promoted past, and its name goes to
    /// status.blueGreen.promotedInconclusiveAnalysisRun so that it never pauses the update again. A new template or a
    /// retry has runs of other names, which pause again.
    /// </summary>
    private static string? InconclusivePause(BlueGreenContext context, PlanBuilder plan, BlueGreenDraft draft, AnalysisVerdict verdict, bool pre, string where, string how)
    {
        if (verdict.Phase != AnalysisPhase.Inconclusive || verdict.RunName == draft.PromotedInconclusiveRun)
        {
            return null;
        }

        var detail = string.IsNullOrEmpty(verdict.Message) ? "" : $": {verdict.Message}";
        var message = $"{where} (AnalysisRun {verdict.RunName}{detail}); {how}";
        var paused = draft.PauseConditions.Any(c => c.Reason == StrategyContext.InconclusiveReason);
        var previous = context.Previous.BlueGreen;
        var shown = (pre ? previous?.PrePromotionAnalysisRunStatus : previous?.PostPromotionAnalysisRunStatus) is { } run && run.Name == verdict.RunName && run.Status == AnalysisPhase.Inconclusive;
        if (shown && !paused)
        {
            draft.PromotedInconclusiveRun = verdict.RunName;
            plan.Record(RecordEvent.Normal, "RolloutResumed", $"promoted past the inconclusive {(pre ? "pre" : "post")}-promotion analysis (AnalysisRun {verdict.RunName})", "Promoted");
            return null;
        }

        if (!paused)
        {
            draft.PauseConditions = [.. draft.PauseConditions, new PauseCondition { Reason = StrategyContext.InconclusiveReason, StartTime = context.Now }];
            plan.Record(RecordEvent.Warning, "AnalysisInconclusive", message, pre ? "PrePromotionAnalysisInconclusive" : "PostPromotionAnalysisInconclusive");
        }

        return message;
    }
}
