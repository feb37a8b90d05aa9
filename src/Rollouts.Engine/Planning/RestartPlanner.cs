using System.Globalization;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Canary;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Planning;

/// <summary>
/// spec.restartAt: every pod of the Rollout (of all its ReplicaSets) created before that time is restarted by
/// deleting it, one at a time, and status.restartedAt records the restartAt that is done.
/// <list type="bullet">
/// <item>A restartAt in the future wakes the planner at that time; one already recorded in status.restartedAt
/// (or earlier) is done.</item>
/// <item>A pod is deleted only in a reconcile that changes nothing else (the strategy's own moves go first),
/// while no pod of the Rollout is terminating, and only when the ready pods left are at least
/// spec.replicas − maxUnavailable (a pod that is not ready goes first: deleting it costs no availability).</item>
/// <item>Once no pod older than restartAt is left, status.restartedAt is set to restartAt.</item>
/// </list>
/// </summary>
internal static class RestartPlanner
{
    public static Plan Apply(Observation observation, Plan plan)
    {
        var rollout = observation.Rollout;
        var previous = rollout.Status ?? new RolloutStatus();
        var restartAt = rollout.Spec?.RestartAt;
        var status = plan.Status with { RestartedAt = previous.RestartedAt };
        if (restartAt is null || previous.RestartedAt >= restartAt)
        {
            return With(plan, previous, status, [], plan.RequeueAfter);
        }

        if (restartAt > observation.Now)
        {
            var wait = restartAt.Value - observation.Now;
            return With(plan, previous, status, [], plan.RequeueAfter is { } other && other < wait ? other : wait);
        }

        var live = observation.Pods.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        var stale = live
            .Where(p => p.Metadata.CreationTimestamp is { } created && created < restartAt)
            .OrderBy(p => IsReady(p))
            .ThenBy(p => p.Metadata.CreationTimestamp)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        var at = restartAt.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (stale.Count == 0)
        {
            var message = $"every pod created before restartAt {at} was restarted";
            var decision = new RolloutDecision { Time = observation.Now, Action = "RolloutRestarted", Reason = "RestartAt", Message = message };
            return With(plan, previous, status with { RestartedAt = restartAt, History = RolloutHistory.Append(status.History, [decision]) },
                [new RecordEvent(RecordEvent.Normal, "RolloutRestarted", message)], plan.RequeueAfter);
        }

        if (plan.Actions.Any(a => a is not RecordEvent) || observation.Pods.Count != live.Count)
        {
            return With(plan, previous, status, [], plan.RequeueAfter);
        }

        var pod = stale[0];
        var canary = rollout.Spec?.Strategy?.Canary;
        var replicas = Math.Max(0, rollout.Spec?.Replicas ?? RolloutDefaults.Replicas);
        var (_, unavailable) = BasicCanaryReplicas.Limits(replicas, canary?.MaxSurge, canary?.MaxUnavailable);
        var ready = live.Count(IsReady);
        if (IsReady(pod) && ready - 1 < replicas - unavailable)
        {
            return With(plan, previous, status, [], plan.RequeueAfter);
        }

        return With(plan, previous, status,
            [new DeletePod(pod.Metadata.Name!), new RecordEvent(RecordEvent.Normal, "RestartingPod", $"restarting pod {pod.Metadata.Name}: created before restartAt {at}")],
            plan.RequeueAfter);
    }

    public static bool IsReady(Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static Plan With(Plan plan, RolloutStatus previous, RolloutStatus status, IReadOnlyList<PlanAction> added, TimeSpan? requeueAfter) => plan with
    {
        Actions = [.. plan.Actions.Where(a => a is not RecordEvent), .. added.Where(a => a is not RecordEvent), .. plan.Actions.OfType<RecordEvent>(), .. added.OfType<RecordEvent>()],
        Status = status,
        StatusChanged = !StatusEquality.AreEqual(previous, status),
        RequeueAfter = requeueAfter,
    };
}
