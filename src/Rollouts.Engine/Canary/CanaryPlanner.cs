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
/// cleared), promote --full, and spec.paused.
/// </summary>
internal sealed class CanaryPlanner
{
    private readonly CanaryContext _context;
    private readonly PlanBuilder _plan;

    /// <summary>The event this plan recorded for starting (or restarting) the update, which also announces its first step.</summary>
    private string? _startEvent;

    private CanaryPlanner(Observation observation)
    {
        _context = new CanaryContext(observation);
        _plan = new PlanBuilder(observation);
    }

    public static Plan Plan(Observation observation)
    {
        var plan = new CanaryPlanner(observation).Run(forcedAbort: null, out var deadlineAbort);
        return deadlineAbort
            ? new CanaryPlanner(observation).Run((CanaryStatusWriter.DeadlineReason, plan.Status.Message ?? "progress deadline exceeded"), out _)
            : plan;
    }

    private Plan Run((string Reason, string Message)? forcedAbort, out bool deadlineAbort)
    {
        var previous = _context.Previous;
        var desired = _context.DesiredHash;
        var stable = previous.StableRS;
        if (stable is null)
        {
            stable = desired;
        }
        else if (stable != desired && _context.ReplicaSets.Find(stable) is null)
        {
            _plan.Record(RecordEvent.Warning, "StableReplicaSetMissing",
                $"stable ReplicaSet {_context.ReplicaSetName(stable)} is gone; {_context.ReplicaSetName(desired)} becomes stable without steps",
                "StableReplicaSetMissing");
            stable = desired;
        }

        if (stable == desired)
        {
            deadlineAbort = false;
            return Steady(previousStable: previous.StableRS, promoted: false, out _);
        }

        return Update(stable, forcedAbort, out deadlineAbort);
    }

    private Plan Steady(string? previousStable, bool promoted, out bool deadlineAbort)
    {
        var context = _context;
        var previous = context.Previous;
        var hash = context.DesiredHash;
        var draft = new CanaryDraft
        {
            StableHash = hash,
            CurrentHash = hash,
            StepIndex = context.Steps.Count,
            Abort = previous.Abort == true,
            AbortedAt = previous.AbortedAt,
        };

        var rolledBack = !promoted && previous.StableRS == hash && previous.CurrentPodHash is { } canary && canary != hash;
        if (promoted || rolledBack || previous.CurrentPodHash != hash)
        {
            // The update ended (promoted, rolled back, or its stable ReplicaSet vanished): its abort goes with it.
            draft.Abort = false;
            draft.AbortedAt = null;
            if (rolledBack)
            {
                _plan.Record(RecordEvent.Normal, "RolledBack",
                    $"template is back to the stable ReplicaSet {context.ReplicaSetName(hash)}; canary {context.ReplicaSetName(previous.CurrentPodHash!)} withdrawn without steps",
                    "TemplateReverted");
            }
        }

        var replicaSet = context.ReplicaSets.Find(hash);
        if (replicaSet is null)
        {
            _plan.Add(new CreateReplicaSet(ReplicaSetFactory.Create(context.Rollout, hash, context.Replicas)));
        }
        else
        {
            if (CanaryContext.SpecOf(replicaSet) != context.Replicas)
            {
                _plan.Add(new ScaleReplicaSet(replicaSet.Metadata.Name!, context.Replicas));
            }

            if (ScaleDownDeadline.Read(replicaSet) is not null)
            {
                _plan.Add(new AnnotateReplicaSet(replicaSet.Metadata.Name!, null));
            }
        }

        _plan.Add(ServiceSelectors.Point(context.Observation.StableService, hash));
        _plan.Add(ServiceSelectors.Point(context.Observation.CanaryService, hash));
        if (context.Router is { } router)
        {
            _plan.AddRange(router.Remove());
            draft.Weights = CanaryTraffic.Weights(context, 0, hash, hash);
        }

        ReplicaSetCleanup.Plan(_plan, context.Rollout, context.ReplicaSets, [hash], previousStable, context.Router is not null);
        CanaryAnalysis.Reconcile(context, _plan, draft, updating: false);
        AnalysisRunHistory.Plan(_plan, context.Rollout, context.Observation.AnalysisRuns, []);
        PodMetadataSync.Plan(_plan, context.Rollout, context.ReplicaSets.All, context.Observation.Pods, hash, hash);

        var available = CanaryContext.Available(replicaSet);
        var complete = replicaSet is not null && CanaryContext.SpecOf(replicaSet) == context.Replicas && available >= context.Replicas;
        var waiting = complete ? null : $"waiting for ReplicaSet {context.ReplicaSetName(hash)}: {available} of {context.Replicas} pods available";
        return CanaryStatusWriter.Finish(context, _plan, draft, updating: false, complete, waiting, holding: null, out deadlineAbort);
    }

    private Plan Update(string stable, (string Reason, string Message)? forcedAbort, out bool deadlineAbort)
    {
        var context = _context;
        var previous = context.Previous;
        var draft = new CanaryDraft
        {
            StableHash = stable,
            CurrentHash = context.DesiredHash,
            StepIndex = Math.Clamp(previous.CurrentStepIndex ?? 0, 0, context.Steps.Count),
            Abort = previous.Abort == true,
            AbortedAt = previous.AbortedAt,
            PromoteFull = previous.PromoteFull == true,
            PauseConditions = [.. previous.PauseConditions ?? []],
            ControllerPause = previous.ControllerPause == true,
            AnalysisAttempt = Math.Max(1, previous.Canary?.AnalysisAttempt ?? 1),
            PromotedInconclusiveBackgroundRun = previous.Canary?.PromotedInconclusiveBackgroundRun,
        };

        var entered = StartOrRetry(draft);
        Abort(draft, forcedAbort);

        string? waiting = null;
        string? holding = null;
        if (!draft.Abort)
        {
            if (draft.PromoteFull && draft.StepIndex < context.Steps.Count)
            {
                _plan.Record(RecordEvent.Normal, "RolloutPromoted",
                    $"promoted in full: steps {draft.StepIndex + 1} to {context.Steps.Count} skipped", "PromoteFull");
                draft.StepIndex = context.Steps.Count;
                draft.ClearPause();
                entered = true;
            }

            // An Inconclusive background run pauses the rollout (also while spec.paused) until promoted past.
            var backgroundPause = CanaryAnalysis.BackgroundPause(context, draft, _plan);
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
                    var outcome = CanaryStepEvaluator.Evaluate(context, draft, _plan);
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
                    return Promote(stable, out deadlineAbort);
                }
            }

            if (entered)
            {
                AnnounceStep(draft);
            }

            CanaryStepEvaluator.EnterPause(context, draft, _plan);
            if (entered || context.SpecPaused)
            {
                (waiting, holding) = backgroundPause is not null ? (null, backgroundPause) : Describe(draft);
            }
        }

        CanaryAnalysis.Reconcile(context, _plan, draft, updating: true);
        AnalysisRunHistory.Plan(_plan, context.Rollout, context.Observation.AnalysisRuns,
            [draft.StepRun?.Name, draft.BackgroundRun?.Name, draft.PromotedInconclusiveBackgroundRun]);
        CanaryTraffic.Route(context, _plan, draft);
        CanaryWorkload.Size(context, _plan, draft);
        _plan.Add(ServiceSelectors.Point(context.Observation.StableService, stable));
        _plan.Add(ServiceSelectors.Point(context.Observation.CanaryService, draft.CurrentHash));
        ReplicaSetCleanup.Plan(_plan, context.Rollout, context.ReplicaSets, [stable, draft.CurrentHash], stable, context.Router is not null);
        PodMetadataSync.Plan(_plan, context.Rollout, context.ReplicaSets.All, context.Observation.Pods, stable, draft.CurrentHash);

        return CanaryStatusWriter.Finish(context, _plan, draft, updating: true, complete: false, waiting, holding, out deadlineAbort);
    }

    /// <summary>A new template (or a retry after an abort) starts the steps from the first. Returns true when it did.</summary>
    private bool StartOrRetry(CanaryDraft draft)
    {
        var context = _context;
        var previous = context.Previous;
        if (previous.CurrentPodHash != draft.CurrentHash)
        {
            // Runs of this hash from an earlier update (v2, v3, back to v2) must not decide this one.
            draft.AnalysisAttempt = context.Analysis.LastAttempt(draft.CurrentHash) + 1;
            var replaced = previous.CurrentPodHash is { } old && old != draft.StableHash;
            _startEvent = replaced ? "CanaryReplaced" : "UpdateStarted";
            _plan.Record(RecordEvent.Normal, _startEvent,
                replaced
                    ? $"template changed during the update: canary {context.ReplicaSetName(draft.CurrentHash)} replaces {context.ReplicaSetName(previous.CurrentPodHash!)}; steps start over"
                    : $"template changed: canary {context.ReplicaSetName(draft.CurrentHash)} beside stable {context.ReplicaSetName(draft.StableHash)}",
                "TemplateChanged");
        }
        else if (!draft.Abort && draft.AbortedAt is not null)
        {
            draft.AnalysisAttempt = Math.Max(draft.AnalysisAttempt, context.Analysis.LastAttempt(draft.CurrentHash)) + 1;
            _startEvent = "RolloutRetried";
            _plan.Record(RecordEvent.Normal, _startEvent, "abort lifted: the steps start over", "AbortCleared");
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

    /// <summary>Applies an abort asked for (status.abort) or decided here (a failed analysis, the progress deadline).</summary>
    private void Abort(CanaryDraft draft, (string Reason, string Message)? forcedAbort)
    {
        if (!draft.Abort && forcedAbort is null && AnalysisFailure(draft) is { } failure)
        {
            forcedAbort = ("AnalysisFailed", failure);
        }

        if (!draft.Abort && forcedAbort is { } decided)
        {
            if (decided.Reason == CanaryStatusWriter.DeadlineReason)
            {
                _plan.Record(RecordEvent.Warning, CanaryStatusWriter.DeadlineReason, decided.Message, "ProgressDeadline");
            }

            draft.Abort = true;
            draft.AbortedAt = _context.Now;
            draft.AbortMessage = decided.Message;
            _plan.Record(RecordEvent.Warning, CanaryStatusWriter.AbortedReason, decided.Message, decided.Reason);
        }
        else if (draft.Abort && draft.AbortedAt is null)
        {
            draft.AbortedAt = _context.Now;
            draft.AbortMessage = "aborted on request; traffic back to stable";
            _plan.Record(RecordEvent.Warning, CanaryStatusWriter.AbortedReason, draft.AbortMessage, "AbortRequested");
        }

        if (draft.Abort)
        {
            draft.ClearPause();
        }
    }

    private string? AnalysisFailure(CanaryDraft draft)
    {
        foreach (var verdict in new[] { CanaryAnalysis.BackgroundVerdict(_context, draft), CanaryAnalysis.StepVerdict(_context, draft) })
        {
            if (verdict is { Unsuccessful: true })
            {
                var which = verdict.Key?.StepIndex is { } index ? $"analysis of {CanarySteps.Label(index, _context.Steps.Count)}" : "background analysis";
                return $"{which} {verdict.Phase.ToLowerInvariant()}{(verdict.Message is { Length: > 0 } m ? $": {m}" : "")}";
            }
        }

        return null;
    }

    private void LeaveStep(CanaryDraft draft, string why)
    {
        if (draft.ControllerPause || draft.PauseConditions.Count > 0)
        {
            _plan.Record(RecordEvent.Normal, "RolloutResumed", $"{CanaryStepEvaluator.Label(_context, draft)}: pause ended ({why})", why);
            draft.ClearPause();
        }

        draft.StepIndex++;
    }

    private void AnnounceStep(CanaryDraft draft)
    {
        var steps = _context.Steps;
        if (draft.StepIndex < steps.Count)
        {
            // The first step of an update that starts in this plan is told in the start's event, not in one more.
            var step = $"{CanaryStepEvaluator.Label(_context, draft)}: {CanarySteps.Describe(steps[draft.StepIndex])}";
            if (draft.StepIndex > 0 || _startEvent is null || !_plan.Amend(_startEvent, $"; {step}"))
            {
                _plan.Record(RecordEvent.Normal, "StepStarted", step, "StepReached");
            }
        }
        else if (steps.Count > 0)
        {
            _plan.Record(RecordEvent.Normal, "StepsCompleted",
                $"all {steps.Count} steps done: the canary scales to {_context.Replicas} pods, takes all traffic, then becomes stable", "StepsDone");
        }
    }

    /// <summary>What the step the rollout stands on waits for, when this reconcile did not evaluate it yet.</summary>
    private (string? Waiting, string? Holding) Describe(CanaryDraft draft)
    {
        if (draft.StepIndex >= _context.Steps.Count)
        {
            return PromotionBlocker(draft) is { } blocker ? (blocker, null)
                : AnalysisHold(draft) is { } held ? (null, held)
                : ("promoting the canary", null);
        }

        var outcome = CanaryStepEvaluator.Evaluate(_context, draft, _plan);
        return outcome.Done
            ? ($"{CanaryStepEvaluator.Label(_context, draft)}: {CanarySteps.Describe(_context.Steps[draft.StepIndex])}", null)
            : (outcome.Waiting, outcome.Holding);
    }

    /// <summary>What keeps a canary whose steps are done from promotion, or null when nothing does.</summary>
    private string? PromotionBlocker(CanaryDraft draft)
    {
        var canary = _context.ReplicaSets.Find(draft.CurrentHash);
        var size = _context.Router is null ? CanaryStepEvaluator.BasicTarget(_context, draft).Canary : _context.Replicas;
        if (CanaryContext.SpecOf(canary) != size || CanaryContext.Available(canary) < size)
        {
            return $"waiting for canary ReplicaSet {_context.ReplicaSetName(draft.CurrentHash)}: {CanaryContext.Available(canary)} of {size} pods available before promotion";
        }

        return CanaryStepEvaluator.RouterAt(_context, draft, 100);
    }

    /// <summary>What the analysis keeps a canary whose steps are done waiting for (on purpose), or null.</summary>
    private string? AnalysisHold(CanaryDraft draft) =>
        CanaryAnalysis.PromotionBlocker(_context, draft) ?? CanaryAnalysis.BackgroundBlocker(_context, draft);

    private Plan Promote(string oldStable, out bool deadlineAbort)
    {
        var context = _context;
        _plan.Record(RecordEvent.Normal, "RolloutPromoted",
            $"canary {context.ReplicaSetName(context.DesiredHash)} promoted to stable, replacing {context.ReplicaSetName(oldStable)}", "StepsDone");
        return Steady(previousStable: oldStable, promoted: true, out deadlineAbort);
    }
}
