using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.BlueGreen;

/// <summary>
/// The blue-green strategy. Each reconcile looks at the status and the world and takes at most one step:
/// <list type="bullet">
/// <item><b>steady</b> (the template is the stable one): its ReplicaSet at spec.replicas, the active and preview
/// services on it (the active one only once it is fully available, unless it selects none of the Rollout's
/// ReplicaSets), other ReplicaSets scaled down after their delay;</item>
/// <item><b>update</b> (the template differs): the new ReplicaSet at previewReplicaCount (or spec.replicas), the
/// preview service on it, the active service on the stable one; once the new one is available, pre-promotion
/// analysis, then a pause (BlueGreenPause) when autoPromotionEnabled is false (until promote) or
/// autoPromotionSeconds is set (until it passed); then the new ReplicaSet is scaled to spec.replicas (scaleUpPreviewCheckPoint)
/// and, once every pod is available, the active service switches to it; then post-promotion analysis, after
/// which it becomes stable and the old one is scaled down after scaleDownDelaySeconds.</item>
/// </list>
/// An abort (status.abort, a failed analysis, the progress deadline with progressDeadlineAbort) points the active
/// service back at the stable ReplicaSet at once, which is kept at full size for that during the whole update;
/// the new one is scaled down after abortScaleDownDelaySeconds. An Inconclusive analysis pauses the update until
/// promoted past (<see cref="BlueGreenGates"/>). Steering is the canary's: promote (pause conditions cleared),
/// promote --full (analysis and pause skipped), abort, retry, spec.paused; a rollback within spec.rollbackWindow
/// skips the analysis and the pause as promote --full does.
/// </summary>
internal sealed class BlueGreenPlanner : StrategyPlanner<BlueGreenContext>
{
    public const string PauseReason = "BlueGreenPause";
    public const string SwitchedReason = "ActiveServiceSwitched";

    private BlueGreenPlanner(Observation observation)
        : base(new BlueGreenContext(observation), observation)
    {
    }

    protected override string SkippedWithoutStable => "promotion";

    public static Plan Plan(Observation observation) => DeadlineAbort.Plan(() => new BlueGreenPlanner(observation).Run);

    protected override Plan Steady(string? previousStable, bool promoted, out bool deadlineAbort)
    {
        var context = Context;
        var hash = context.DesiredHash;
        var draft = new BlueGreenDraft { StableHash = hash, CurrentHash = hash };
        StableRevision.Settle(context, Decisions, draft, promoted, name => name, SkippedWithoutStable);

        var replicaSet = context.ReplicaSets.Find(hash);
        ReplicaSetFactory.Ensure(Context, Decisions, hash, context.Replicas);
        string? waiting = null;
        var active = context.ObservedActive;
        var activeOwned = context.ReplicaSets.Find(active) is not null;
        if (context.Observation.ActiveService is null)
        {
            waiting = MissingActive(context);
        }
        else if (active != hash && (context.FullyAvailable(replicaSet) || !activeOwned))
        {
            Decisions.Add(ServiceSelectors.Point(context.Observation.ActiveService, hash));
            active = hash;
        }
        else if (active != hash)
        {
            waiting = $"waiting for ReplicaSet {context.ReplicaSetName(hash)}: {OwnedReplicaSets.AvailableReplicas(replicaSet)} of {context.Replicas} pods available before the active service switches to it";
        }

        draft.ActiveSelector = context.Observation.ActiveService is null ? null : active;
        PointPreview(draft, hash);
        ReplicaSetCleanup.Plan(Decisions, context.Rollout, context.ReplicaSets, [hash, draft.ActiveSelector], previousStable, trafficRouted: true);
        BlueGreenAnalysis.Reconcile(context, Decisions, draft, updating: false, keepPre: false, startPre: false, wantPost: false);
        PodMetadataSync.Plan(Decisions, context.Rollout, context.ReplicaSets.All, context.Observation.Pods, draft.ActiveSelector ?? hash, hash);

        var complete = waiting is null && context.FullyAvailable(replicaSet);
        waiting ??= complete ? null
            : $"waiting for ReplicaSet {context.ReplicaSetName(hash)}: {OwnedReplicaSets.AvailableReplicas(replicaSet)} of {context.Replicas} pods available";
        return Finish(draft, updating: false, complete, waiting, holding: null, out deadlineAbort);
    }

    protected override Plan Update(string stable, (string Reason, string Message)? forcedAbort, out bool deadlineAbort)
    {
        var context = Context;
        var previous = context.Previous;
        var desired = context.DesiredHash;
        var draft = new BlueGreenDraft
        {
            StableHash = stable,
            CurrentHash = desired,
            ScaleUpPreviewCheckPoint = previous.BlueGreen?.ScaleUpPreviewCheckPoint == true,
            AnalysisAttempt = Math.Max(1, previous.BlueGreen?.AnalysisAttempt ?? 1),
            PromotedInconclusiveRun = previous.BlueGreen?.PromotedInconclusiveAnalysisRun,
        };

        draft.ContinueFrom(previous);
        var started = StartOrRetry(draft);
        FastTrack(draft, stable, started);
        Abort(draft, forcedAbort);
        ReplicaSetFactory.Ensure(Context, Decisions, stable, context.Replicas);
        var switched = !draft.Abort && context.ObservedActive == desired;
        string? waiting = null;
        string? holding = null;
        var keepPre = false;
        var startPre = false;
        var wantPost = false;
        if (draft.Abort)
        {
            draft.ClearPause();
            PointActive(draft, stable);
            PointPreview(draft, desired);
            ReplicaSetCleanup.Plan(Decisions, context.Rollout, context.ReplicaSets, [stable], previousStable: null, trafficRouted: true);
        }
        else
        {
            var size = context.Strategy.PreviewReplicaCount is { } preview && !draft.ScaleUpPreviewCheckPoint && !switched
                ? Math.Max(0, preview)
                : context.Replicas;
            var replicaSet = context.ReplicaSets.Find(desired);
            var previewReady = replicaSet is not null && OwnedReplicaSets.SpecReplicas(replicaSet) == size && OwnedReplicaSets.AvailableReplicas(replicaSet) >= size;
            PointPreview(draft, desired);
            if (switched)
            {
                draft.ActiveSelector = desired;
                wantPost = context.Strategy.PostPromotionAnalysis is not null && !draft.SkipsAnalysis;
                if (!context.SpecPaused && BlueGreenGates.AfterSwitch(Context, Decisions, draft, wantPost) is { } held)
                {
                    holding = held;
                }
                else if (!context.SpecPaused)
                {
                    Decisions.Record(RecordEvent.Normal, "RolloutPromoted",
                        $"{context.ReplicaSetName(desired)} promoted to stable, replacing {context.ReplicaSetName(stable)}", wantPost ? "PostPromotionAnalysisPassed" : "ActiveSwitched");
                    return Steady(previousStable: stable, promoted: true, out deadlineAbort);
                }
            }
            else
            {
                PointActive(draft, stable);
                keepPre = context.Strategy.PrePromotionAnalysis is not null && !draft.SkipsAnalysis;
                startPre = keepPre && previewReady;
                if (!previewReady)
                {
                    waiting = $"waiting for ReplicaSet {context.ReplicaSetName(desired)}: {OwnedReplicaSets.AvailableReplicas(replicaSet)} of {size} pods available";
                }
                else if (!context.SpecPaused)
                {
                    if (BlueGreenGates.BeforeSwitch(Context, Decisions, draft, keepPre) is { } gate)
                    {
                        holding = gate;
                    }
                    else
                    {
                        (size, waiting) = Promote(draft, replicaSet);
                    }
                }
            }

            ReplicaSetFactory.Ensure(Context, Decisions, desired, size);

            ReplicaSetCleanup.Plan(Decisions, context.Rollout, context.ReplicaSets, [stable, desired], previousStable: stable, trafficRouted: true);
        }

        var problem = BlueGreenAnalysis.Reconcile(context, Decisions, draft, updating: true, keepPre, startPre, wantPost);
        holding = problem ?? holding;
        PodMetadataSync.Plan(Decisions, context.Rollout, context.ReplicaSets.All, context.Observation.Pods, draft.ActiveSelector ?? stable, desired);
        if (context.SpecPaused && !draft.Abort)
        {
            holding ??= waiting ?? "held before promotion";
        }

        if (draft.RollbackWindow is { } rollback && !draft.Abort)
        {
            (waiting, holding) = (Within(rollback, waiting), Within(rollback, holding));
        }

        return Finish(draft, updating: true, complete: false, waiting, holding, out deadlineAbort);
    }

    /// <summary>Scales the new version to spec.replicas (previewReplicaCount) and switches the active service once it is fully available.</summary>
    private (int Size, string? Waiting) Promote(BlueGreenDraft draft, Kubernetes.Models.ReplicaSet? replicaSet)
    {
        var context = Context;
        var name = context.ReplicaSetName(draft.CurrentHash);
        if (context.Strategy.PreviewReplicaCount is not null && !draft.ScaleUpPreviewCheckPoint)
        {
            draft.ScaleUpPreviewCheckPoint = true;
            Decisions.Record(RecordEvent.Normal, "PreviewScaledUp", $"{name} scales from previewReplicaCount to {context.Replicas} pods before the switch", "Promotion");
        }

        if (!context.FullyAvailable(replicaSet))
        {
            return (context.Replicas, $"waiting for ReplicaSet {name}: {OwnedReplicaSets.AvailableReplicas(replicaSet)} of {context.Replicas} pods available before the active service switches to it");
        }

        if (context.Observation.ActiveService is null)
        {
            return (context.Replicas, MissingActive(context));
        }

        Decisions.Add(ServiceSelectors.Point(context.Observation.ActiveService, draft.CurrentHash));
        draft.ActiveSelector = draft.CurrentHash;
        var after = context.Strategy.PostPromotionAnalysis is not null && !draft.SkipsAnalysis ? "until post-promotion analysis passes" : $"for {context.Strategy.ScaleDownDelaySeconds ?? RolloutDefaults.ScaleDownDelaySeconds}s";
        Decisions.Record(RecordEvent.Normal, SwitchedReason,
            $"active service {context.Strategy.ActiveService} switched to {name}; {context.ReplicaSetName(draft.StableHash)} kept {after}", "Promotion");
        return (context.Replicas, "switching the active service");
    }

    /// <summary>
    /// A rollback within spec.rollbackWindow skips the pre- and post-promotion analysis and the pause before promotion
    /// (as promote --full), recorded when the update starts.
    /// </summary>
    private void FastTrack(BlueGreenDraft draft, string stable, bool started)
    {
        if (draft.Abort || Context.RollbackWithinWindow(stable) is not { } rollback)
        {
            return;
        }

        draft.RollbackWindow = rollback;
        draft.ClearPause();
        if (started)
        {
            Decisions.Record(RecordEvent.Normal, StrategyContext.RollbackWindowReason,
                $"{rollback}: analysis and pause skipped; {Context.ReplicaSetName(draft.CurrentHash)} is promoted once available", "RollbackWindow");
        }
    }

    /// <summary>A new template (or a retry after an abort) starts the update over; true when it did.</summary>
    private bool StartOrRetry(BlueGreenDraft draft)
    {
        var context = Context;
        var previous = context.Previous;
        if (previous.CurrentPodHash != draft.CurrentHash)
        {
            draft.AnalysisAttempt = context.Analysis.LastAttempt(draft.CurrentHash) + 1;
            var replaced = previous.CurrentPodHash is { } old && old != draft.StableHash;
            Decisions.Record(RecordEvent.Normal, replaced ? "PreviewReplaced" : "UpdateStarted",
                replaced
                    ? $"template changed during the update: {context.ReplicaSetName(draft.CurrentHash)} replaces {context.ReplicaSetName(previous.CurrentPodHash!)} as the preview"
                    : $"template changed: {context.ReplicaSetName(draft.CurrentHash)} comes up beside active {context.ReplicaSetName(draft.StableHash)}",
                "TemplateChanged");
        }
        else if (!draft.Abort && draft.AbortedAt is not null)
        {
            draft.AnalysisAttempt = Math.Max(draft.AnalysisAttempt, context.Analysis.LastAttempt(draft.CurrentHash)) + 1;
            Decisions.Record(RecordEvent.Normal, "RolloutRetried", "abort lifted: the update starts over", "AbortCleared");
        }
        else
        {
            return false;
        }

        draft.Abort = false;
        draft.AbortedAt = null;
        draft.PromoteFull = false;
        draft.ScaleUpPreviewCheckPoint = false;
        draft.PromotedInconclusiveRun = null;
        draft.ClearPause();
        return true;
    }

    /// <summary>Applies an abort asked for (status.abort) or decided here (a failed analysis, the progress deadline).</summary>
    private void Abort(BlueGreenDraft draft, (string Reason, string Message)? forcedAbort)
    {
        var back = $"active service back on {Context.ReplicaSetName(draft.StableHash)}";
        UpdateAbort.Apply(Context, Decisions, draft, forcedAbort, () => AnalysisFailure(draft), message => $"{message}; {back}", $"aborted on request; {back}");
    }

    private string? AnalysisFailure(BlueGreenDraft draft)
    {
        if (draft.SkipsAnalysis)
        {
            return null;
        }

        foreach (var (verdict, which) in new[] { (BlueGreenAnalysis.Pre(Context, draft), "pre-promotion analysis"), (BlueGreenAnalysis.Post(Context, draft), "post-promotion analysis") })
        {
            if (verdict is { Unsuccessful: true })
            {
                return $"{which} {verdict.Phase.ToLowerInvariant()}{(verdict.Message is { Length: > 0 } m ? $": {m}" : "")}";
            }
        }

        return null;
    }

    private static string? Within(string rollback, string? message) => message is null ? null : $"{rollback}: {message}";

    private void PointActive(BlueGreenDraft draft, string hash)
    {
        if (Context.Observation.ActiveService is not { } service)
        {
            return;
        }

        Decisions.Add(ServiceSelectors.Point(service, hash));
        draft.ActiveSelector = hash;
    }

    private void PointPreview(BlueGreenDraft draft, string hash)
    {
        if (Context.Observation.PreviewService is not { } service)
        {
            return;
        }

        Decisions.Add(ServiceSelectors.Point(service, hash));
        draft.PreviewSelector = hash;
    }

    private static string MissingActive(BlueGreenContext context) =>
        MissingReference.Message($"active service '{context.Strategy.ActiveService}'", "spec.strategy.blueGreen.activeService");

    private Plan Finish(BlueGreenDraft draft, bool updating, bool complete, string? waiting, string? holding, out bool deadlineAbort)
    {
        if (Context.Observation.ActiveService is null && waiting == MissingActive(Context))
        {
            MissingReference.RecordWhenNew(Decisions, waiting, Context.Previous.Message);
        }

        var previous = Context.Previous.BlueGreen;
        var next = (previous ?? new BlueGreenStatus()) with
        {
            ActiveSelector = draft.ActiveSelector,
            PreviewSelector = draft.PreviewSelector,
            PrePromotionAnalysisRunStatus = draft.PrePromotionRun,
            PostPromotionAnalysisRunStatus = draft.PostPromotionRun,
            ScaleUpPreviewCheckPoint = updating && draft.ScaleUpPreviewCheckPoint ? true : null,
            AnalysisAttempt = updating && draft.AnalysisAttempt > 1 ? draft.AnalysisAttempt : null,
            PromotedInconclusiveAnalysisRun = updating ? draft.PromotedInconclusiveRun : null,
        };
        var blueGreen = previous is null && next == new BlueGreenStatus() ? null : next;
        return RolloutStatusWriter.Finish(
            Context, Decisions, draft, stepIndex: null, status => status with { Canary = null, BlueGreen = blueGreen },
            updating, complete, waiting, holding, out deadlineAbort);
    }
}
