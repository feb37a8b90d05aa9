using System.Globalization;
using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Planning;

/// <summary>
/// Turns a draft of any strategy into the next status: phase and message (what the rollout waits for), pod
/// counts, the progress deadline, conditions and history. The strategy adds its own part (status.canary,
/// status.blueGreen).
/// </summary>
internal static class RolloutStatusWriter
{
    public const string AbortedReason = "RolloutAborted";
    public const string DeadlineReason = "ProgressDeadlineExceeded";

    /// <param name="stepIndex">status.currentStepIndex (null when the strategy has no steps).</param>
    /// <param name="strategyFields">Adds the strategy's own part to the status.</param>
    /// <param name="updating">An update is in progress (the current hash differs from the stable one).</param>
    /// <param name="complete">No update, and the stable ReplicaSet has all its pods available.</param>
    /// <param name="waiting">What the rollout waits for that should come by itself; the deadline runs.</param>
    /// <param name="holding">What it waits for on purpose (a pause, an analysis); the deadline does not run.</param>
    /// <param name="deadlineAbort">True when the deadline passed and the spec asks to abort then.</param>
    public static Plan Finish(
        StrategyContext context, PlanBuilder plan, RolloutDraft draft, int? stepIndex, Func<RolloutStatus, RolloutStatus> strategyFields,
        bool updating, bool complete, string? waiting, string? holding, out bool deadlineAbort)
    {
        var previous = context.Previous;
        var sets = context.ReplicaSets.All;
        var replicas = sets.Sum(rs => rs.Status?.Replicas ?? 0);
        var ready = sets.Sum(rs => rs.Status?.ReadyReplicas ?? 0);
        var available = sets.Sum(OwnedReplicaSets.AvailableReplicas);
        var updated = context.ReplicaSets.Find(draft.CurrentHash)?.Status?.Replicas ?? 0;

        var paused = context.SpecPaused || draft.PauseConditions.Count > 0;
        var aborted = updating && draft.Abort;
        var wasPaused = RolloutConditions.Find(previous.Conditions, RolloutConditionType.Paused)?.Status == RolloutConditions.True;
        var progressed = plan.ChangesWorld ||
            previous.CurrentStepIndex != stepIndex || previous.CurrentPodHash != draft.CurrentHash || previous.StableRS != draft.StableHash ||
            wasPaused != paused || previous.Replicas != replicas || previous.ReadyReplicas != ready ||
            previous.AvailableReplicas != available || previous.UpdatedReplicas != updated;

        var deadlineSeconds = context.Spec.ProgressDeadlineSeconds ?? RolloutDefaults.ProgressDeadlineSeconds;
        var previousProgressing = RolloutConditions.Find(previous.Conditions, RolloutConditionType.Progressing);
        var (lastProgress, exceeded, checkAt) = ProgressDeadline.Evaluate(
            previousProgressing?.LastUpdateTime, progressed, paused || aborted || complete || holding is not null, deadlineSeconds, context.Now);
        if (checkAt is { } due)
        {
            plan.WakeAt(due);
        }

        var waitedFor = waiting ?? "no progress";
        var deadlineMessage = string.Create(CultureInfo.InvariantCulture, $"progress deadline exceeded ({deadlineSeconds}s without progress): {waitedFor}");
        if (exceeded && previousProgressing?.Reason != DeadlineReason)
        {
            plan.Record(RecordEvent.Warning, DeadlineReason, deadlineMessage, "ProgressDeadline");
        }

        deadlineAbort = exceeded && updating && !draft.Abort && context.Spec.ProgressDeadlineAbort == true;

        var (phase, message) =
            aborted ? (RolloutPhase.Degraded, $"aborted: {AbortMessage(draft, previous)}")
            : exceeded ? (RolloutPhase.Degraded, deadlineMessage)
            : context.SpecPaused ? (RolloutPhase.Paused, $"paused by spec.paused; resume to go on ({holding ?? waiting ?? "nothing else to wait for"})")
            : draft.PauseConditions.Count > 0 ? (RolloutPhase.Paused, holding ?? $"paused ({draft.PauseConditions[0].Reason})")
            : complete ? (RolloutPhase.Healthy, (string?)null)
            : (RolloutPhase.Progressing, holding ?? waiting ?? "progressing");

        var conditions = new[]
        {
            Condition(RolloutConditionType.Available, available >= context.Replicas,
                available >= context.Replicas ? "AvailableReplicas" : "NotEnoughAvailableReplicas",
                string.Create(CultureInfo.InvariantCulture, $"{available} pods available, {context.Replicas} wanted")),
            Progressing(aborted, exceeded, paused, complete, message, context, draft) with { LastUpdateTime = lastProgress },
            Condition(RolloutConditionType.Paused, paused,
                context.SpecPaused ? "RolloutPaused" : draft.PauseConditions.Count > 0 ? draft.PauseConditions[0].Reason ?? "Paused" : "NotPaused",
                paused ? message ?? "" : "not paused"),
            Condition(RolloutConditionType.Healthy, phase == RolloutPhase.Healthy,
                phase == RolloutPhase.Healthy ? "RolloutHealthy" : phase, phase == RolloutPhase.Healthy ? "rollout is healthy" : message ?? ""),
            Condition(RolloutConditionType.Completed, !updating && complete,
                !updating && complete ? "RolloutCompleted" : updating ? "UpdateInProgress" : "NotAvailable",
                !updating && complete ? $"ReplicaSet {context.ReplicaSetName(draft.StableHash)} is stable" : message ?? ""),
        };

        var status = previous with
        {
            Phase = phase,
            Message = message,
            CurrentStepIndex = stepIndex,
            CurrentPodHash = draft.CurrentHash,
            StableRS = draft.StableHash,
            ObservedGeneration = context.Rollout.Metadata.Generation ?? previous.ObservedGeneration,
            Replicas = replicas,
            UpdatedReplicas = updated,
            ReadyReplicas = ready,
            AvailableReplicas = available,
            Selector = context.Spec.Selector?.ToQueryString(),
            PauseConditions = draft.PauseConditions.Count > 0 ? draft.PauseConditions
                : previous.PauseConditions is { Count: 0 } ? previous.PauseConditions : null,
            ControllerPause = Flag(draft.ControllerPause, previous.ControllerPause),
            Abort = Flag(draft.Abort, previous.Abort),
            AbortedAt = draft.AbortedAt,
            PromoteFull = Flag(draft.PromoteFull, previous.PromoteFull),
            Conditions = RolloutConditions.Merge(previous.Conditions, conditions, context.Now),
            History = RolloutHistory.Append(previous.History, plan.Decisions),
        };

        return plan.Build(previous, strategyFields(status));
    }

    private static RolloutCondition Progressing(
        bool aborted, bool exceeded, bool paused, bool complete, string? message, StrategyContext context, RolloutDraft draft) =>
        aborted ? Condition(RolloutConditionType.Progressing, false, AbortedReason, message ?? "")
        : exceeded ? Condition(RolloutConditionType.Progressing, false, DeadlineReason, message ?? "")
        : paused ? Condition(RolloutConditionType.Progressing, true, "RolloutPaused", message ?? "")
        : complete ? Condition(RolloutConditionType.Progressing, true, "NewReplicaSetAvailable",
            $"ReplicaSet {context.ReplicaSetName(draft.StableHash)} is available")
        : Condition(RolloutConditionType.Progressing, true, "ReplicaSetUpdated", message ?? "");

    private static RolloutCondition Condition(string type, bool value, string reason, string message) => new()
    {
        Type = type,
        Status = value ? RolloutConditions.True : RolloutConditions.False,
        Reason = reason,
        Message = message,
    };

    /// <summary>A flag set is true; cleared it is left out, except that a false the user wrote stays (no needless write).</summary>
    private static bool? Flag(bool value, bool? previous) => value ? true : previous == false ? false : null;

    private static string AbortMessage(RolloutDraft draft, RolloutStatus previous) =>
        draft.AbortMessage
        ?? previous.History?.LastOrDefault(d => d.Action == AbortedReason)?.Message
        ?? "traffic is back on the stable version";
}
