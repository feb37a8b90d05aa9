using System.Globalization;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Canary;

/// <summary>
/// The canary strategy. Each reconcile looks at the status and the world and takes at most one step:
/// <list type="bullet">
/// <item><b>steady</b> (the template is the stable one): the stable ReplicaSet at full size, both services on
/// it, no canary ingress, other ReplicaSets scaled down after their delay;</item>
/// <item><b>update</b> (the template differs): the canary ReplicaSet sized for the current step, the canary
/// service on it, the canary ingress at the highest weight the step allows and the canary can carry; the
/// step advances when the world shows it done; after the last step the canary is scaled to full size, takes
/// all traffic, and is promoted (which is the steady case for the new hash).</item>
/// </list>
/// Steering comes through the status: abort, retry (abort back to false), promote (pause conditions
/// cleared), promote --full, and spec.paused; a rollback within spec.rollbackWindow skips the steps and the
/// analysis as promote --full does.
/// </summary>
internal sealed class CanaryPlanner : StrategyPlanner<CanaryContext>
{
    /// <summary>The event this plan recorded for starting (or restarting) the update, which also announces its first step.</summary>
    private string? _startEvent;

    private CanaryPlanner(Observation observation)
        : base(new CanaryContext(observation), observation)
    {
    }

    protected override string SkippedWithoutStable => "steps";

    public static Plan Plan(Observation observation) => DeadlineAbort.Plan(() => new CanaryPlanner(observation).Run);

    protected override Plan Steady(string? previousStable, bool promoted, out bool deadlineAbort)
    {
        var context = Context;
        var hash = context.DesiredHash;
        var draft = new CanaryDraft { StableHash = hash, CurrentHash = hash, StepIndex = context.Steps.Count };
        StableRevision.Settle(context, Decisions, draft, promoted, name => $"canary {name}", SkippedWithoutStable);

        var replicaSet = context.ReplicaSets.Find(hash);
        ReplicaSetFactory.Ensure(context, Decisions, hash, context.Replicas);

        Decisions.Add(ServiceSelectors.Point(context.Observation.StableService, hash));
        Decisions.Add(ServiceSelectors.Point(context.Observation.CanaryService, hash));
        if (context.Router is { } router)
        {
            Decisions.AddRange(router.Remove());
            draft.Weights = CanaryTraffic.Weights(context, 0, hash, hash);
        }

        ReplicaSetCleanup.Plan(Decisions, context.Rollout, context.ReplicaSets, [hash], previousStable, context.Router is not null);
        CanaryAnalysis.Reconcile(context, Decisions, draft, updating: false);
        AnalysisRunHistory.Plan(Decisions, context.Rollout, context.Observation.AnalysisRuns, []);
        PodMetadataSync.Plan(Decisions, context.Rollout, context.ReplicaSets.All, context.Observation.Pods, hash, hash);

        var available = CanaryContext.Available(replicaSet);
        var complete = context.FullyAvailable(replicaSet);
        var waiting = complete ? null : $"waiting for ReplicaSet {context.ReplicaSetName(hash)}: {available} of {context.Replicas} pods available";
        return CanaryStatusWriter.Finish(context, Decisions, draft, updating: false, complete, waiting, holding: null, out deadlineAbort);
    }

    protected override Plan Update(string stable, (string Reason, string Message)? forcedAbort, out bool deadlineAbort)
    {
        var context = Context;
        var previous = context.Previous;
        var draft = new CanaryDraft
        {
            StableHash = stable,
            CurrentHash = context.DesiredHash,
            StepIndex = Math.Clamp(previous.CurrentStepIndex ?? 0, 0, context.Steps.Count),
            AnalysisAttempt = Math.Max(1, previous.Canary?.AnalysisAttempt ?? 1),
            PromotedInconclusiveBackgroundRun = previous.Canary?.PromotedInconclusiveBackgroundRun,
        };

        draft.ContinueFrom(previous);
        var entered = StartOrRetry(draft);
        var fastTracked = FastTrack(draft, stable, entered);
        Abort(draft, forcedAbort);

        string? waiting = null;
        string? holding = null;
        if (!draft.Abort)
        {
            if (draft.PromoteFull && draft.StepIndex < context.Steps.Count)
            {
                Decisions.Record(RecordEvent.Normal, "RolloutPromoted",
                    $"promoted in full: steps {draft.StepIndex + 1} to {context.Steps.Count} skipped", "PromoteFull");
                draft.StepIndex = context.Steps.Count;
                draft.ClearPause();
                entered = true;
            }

            // An Inconclusive background run pauses the rollout (also while spec.paused) until promoted past.
            var backgroundPause = CanaryAnalysis.BackgroundPause(context, draft, Decisions);
            if (!context.SpecPaused && !entered)
            {
                if (backgroundPause is not null)
                {
                    holding = backgroundPause;
                }
                else if (CanaryAnalysis.BackgroundBlocker(context, draft) is { } blocked)
                {
                    holding = blocked;
                }
                else if (draft.StepIndex < context.Steps.Count)
                {
                    var outcome = CanaryStepEvaluator.Evaluate(context, draft, Decisions);
                    if (outcome.Done)
                    {
                        LeaveStep(draft, outcome.Why!);
                        entered = true;
                    }
                    else
                    {
                        (waiting, holding) = (outcome.Waiting, outcome.Holding);
                    }
                }
                else if (PromotionBlocker(draft) is { } blocker)
                {
                    waiting = blocker;
                }
                else if (AnalysisHold(draft) is { } held)
                {
                    holding = held;
                }
                else
                {
                    return Promote(stable, draft, out deadlineAbort);
                }
            }

            if (entered && !fastTracked)
            {
                AnnounceStep(draft);
            }

            CanaryStepEvaluator.EnterPause(context, draft, Decisions);
            if (entered || context.SpecPaused)
            {
                (waiting, holding) = backgroundPause is not null ? (null, backgroundPause) : Describe(draft);
            }
        }

        if (draft.RollbackWindow is { } rollback && !draft.Abort)
        {
            (waiting, holding) = (Within(rollback, waiting), Within(rollback, holding));
        }

        CanaryAnalysis.Reconcile(context, Decisions, draft, updating: true);
        AnalysisRunHistory.Plan(Decisions, context.Rollout, context.Observation.AnalysisRuns,
            [draft.StepRun?.Name, draft.BackgroundRun?.Name, draft.PromotedInconclusiveBackgroundRun]);
        CanaryTraffic.Route(context, Decisions, draft);
        CanaryWorkload.Size(context, Decisions, draft);
        Decisions.Add(ServiceSelectors.Point(context.Observation.StableService, stable));
        Decisions.Add(ServiceSelectors.Point(context.Observation.CanaryService, draft.CurrentHash));
        ReplicaSetCleanup.Plan(Decisions, context.Rollout, context.ReplicaSets, [stable, draft.CurrentHash], stable, context.Router is not null);
        PodMetadataSync.Plan(Decisions, context.Rollout, context.ReplicaSets.All, context.Observation.Pods, stable, draft.CurrentHash);

        return CanaryStatusWriter.Finish(context, Decisions, draft, updating: true, complete: false, waiting, holding, out deadlineAbort);
    }

    /// <summary>A new template (or a retry after an abort) starts the steps from the first. Returns true when it did.</summary>
    private bool StartOrRetry(CanaryDraft draft)
    {
        var context = Context;
        var previous = context.Previous;
        if (previous.CurrentPodHash != draft.CurrentHash)
        {
            // Runs of this hash from an earlier update (v2, v3, back to v2) must not decide this one.
            draft.AnalysisAttempt = context.Analysis.LastAttempt(draft.CurrentHash) + 1;
            var replaced = previous.CurrentPodHash is { } old && old != draft.StableHash;
            _startEvent = replaced ? "CanaryReplaced" : "UpdateStarted";
            Decisions.Record(RecordEvent.Normal, _startEvent,
                replaced
                    ? $"template changed during the update: canary {context.ReplicaSetName(draft.CurrentHash)} replaces {context.ReplicaSetName(previous.CurrentPodHash!)}; steps start over"
                    : $"template changed: canary {context.ReplicaSetName(draft.CurrentHash)} beside stable {context.ReplicaSetName(draft.StableHash)}",
                "TemplateChanged");
        }
        else if (!draft.Abort && draft.AbortedAt is not null)
        {
            draft.AnalysisAttempt = Math.Max(draft.AnalysisAttempt, context.Analysis.LastAttempt(draft.CurrentHash)) + 1;
            _startEvent = "RolloutRetried";
            Decisions.Record(RecordEvent.Normal, _startEvent, "abort lifted: the steps start over", "AbortCleared");
        }
        else
        {
            return false;
        }

        draft.StepIndex = 0;
        draft.Abort = false;
        draft.AbortedAt = null;
        draft.PromoteFull = false;
        draft.PromotedInconclusiveBackgroundRun = null;
        draft.ClearPause();
        return true;
    }

    /// <summary>
    /// A rollback within spec.rollbackWindow goes straight past the steps and skips the analysis (as promote --full),
    /// recorded when the update starts or when the window comes to apply to it. Returns true when it applies.
    /// </summary>
    private bool FastTrack(CanaryDraft draft, string stable, bool started)
    {
        if (draft.Abort || Context.RollbackWithinWindow(stable) is not { } rollback)
        {
            return false;
        }

        draft.RollbackWindow = rollback;
        if (started || draft.StepIndex < Context.Steps.Count)
        {
            var skipped = Context.Steps.Count > draft.StepIndex
                ? string.Create(CultureInfo.InvariantCulture, $"steps {draft.StepIndex + 1} to {Context.Steps.Count} and their analysis skipped")
                : "analysis skipped";
            Decisions.Record(RecordEvent.Normal, StrategyContext.RollbackWindowReason, $"{rollback}: {skipped}; promoting", "RollbackWindow");
            draft.StepIndex = Context.Steps.Count;
            draft.ClearPause();
        }

        return true;
    }

    private static string? Within(string rollback, string? message) => message is null ? null : $"{rollback}: {message}";

    /// <summary>Applies an abort asked for (status.abort) or decided here (a failed analysis, the progress deadline).</summary>
    private void Abort(CanaryDraft draft, (string Reason, string Message)? forcedAbort)
    {
        UpdateAbort.Apply(Context, Decisions, draft, forcedAbort, () => AnalysisFailure(draft), message => message, "aborted on request; traffic back to stable");
        if (draft.Abort)
        {
            draft.ClearPause();
        }
    }

    private string? AnalysisFailure(CanaryDraft draft)
    {
        foreach (var verdict in new[] { CanaryAnalysis.BackgroundVerdict(Context, draft), CanaryAnalysis.StepVerdict(Context, draft) })
        {
            if (verdict is { Unsuccessful: true })
            {
                var which = verdict.Key?.StepIndex is { } index ? $"analysis of {CanarySteps.Label(index, Context.Steps.Count)}" : "background analysis";
                return $"{which} {verdict.Phase.ToLowerInvariant()}{(verdict.Message is { Length: > 0 } m ? $": {m}" : "")}";
            }
        }

        return null;
    }

    private void LeaveStep(CanaryDraft draft, string why)
    {
        if (draft.ControllerPause || draft.PauseConditions.Count > 0)
        {
            Decisions.Record(RecordEvent.Normal, "RolloutResumed", $"{CanaryStepEvaluator.Label(Context, draft)}: pause ended ({why})", why);
            draft.ClearPause();
        }

        draft.StepIndex++;
    }

    private void AnnounceStep(CanaryDraft draft)
    {
        var steps = Context.Steps;
        if (draft.StepIndex < steps.Count)
        {
            // The first step of an update that starts in this plan is told in the start's event, not in one more.
            var step = $"{CanaryStepEvaluator.Label(Context, draft)}: {CanarySteps.Describe(steps[draft.StepIndex])}";
            if (draft.StepIndex > 0 || _startEvent is null || !Decisions.Amend(_startEvent, $"; {step}"))
            {
                Decisions.Record(RecordEvent.Normal, "StepStarted", step, "StepReached");
            }
        }
        else if (steps.Count > 0)
        {
            Decisions.Record(RecordEvent.Normal, "StepsCompleted",
                $"all {steps.Count} steps done: the canary scales to {Context.Replicas} pods, takes all traffic, then becomes stable", "StepsDone");
        }
    }

    /// <summary>What the step the rollout stands on waits for, when this reconcile did not evaluate it yet.</summary>
    private (string? Waiting, string? Holding) Describe(CanaryDraft draft)
    {
        if (draft.StepIndex >= Context.Steps.Count)
        {
            return PromotionBlocker(draft) is { } blocker ? (blocker, null)
                : AnalysisHold(draft) is { } held ? (null, held)
                : ("promoting the canary", null);
        }

        var outcome = CanaryStepEvaluator.Evaluate(Context, draft, Decisions);
        return outcome.Done
            ? ($"{CanaryStepEvaluator.Label(Context, draft)}: {CanarySteps.Describe(Context.Steps[draft.StepIndex])}", null)
            : (outcome.Waiting, outcome.Holding);
    }

    /// <summary>What keeps a canary whose steps are done from promotion, or null when nothing does.</summary>
    private string? PromotionBlocker(CanaryDraft draft)
    {
        var canary = Context.ReplicaSets.Find(draft.CurrentHash);
        var size = Context.Router is null ? CanaryStepEvaluator.BasicTarget(Context, draft).Canary : Context.Replicas;
        if (CanaryContext.SpecOf(canary) != size || CanaryContext.Available(canary) < size)
        {
            return $"waiting for canary ReplicaSet {Context.ReplicaSetName(draft.CurrentHash)}: {CanaryContext.Available(canary)} of {size} pods available before promotion";
        }

        return CanaryStepEvaluator.RouterAt(Context, draft, 100);
    }

    /// <summary>What the analysis keeps a canary whose steps are done waiting for (on purpose), or null.</summary>
    private string? AnalysisHold(CanaryDraft draft) =>
        CanaryAnalysis.PromotionBlocker(Context, draft) ?? CanaryAnalysis.BackgroundBlocker(Context, draft);

    private Plan Promote(string oldStable, CanaryDraft draft, out bool deadlineAbort)
    {
        var context = Context;
        Decisions.Record(RecordEvent.Normal, "RolloutPromoted",
            $"canary {context.ReplicaSetName(context.DesiredHash)} promoted to stable, replacing {context.ReplicaSetName(oldStable)}",
            draft.RollbackWindow is null ? "StepsDone" : "RollbackWindow");
        return Steady(previousStable: oldStable, promoted: true, out deadlineAbort);
    }
}
