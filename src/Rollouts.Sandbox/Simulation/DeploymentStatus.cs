using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.Simulation;

/// <summary>
/// A Deployment's status from its ReplicaSets: the counts, and the Available and Progressing conditions with
/// the progress deadline, as the real controller words them. Timestamps of a condition move only when it
/// changes (or, for Progressing, when the rollout makes progress), so an unchanged world gives an equal status.
/// </summary>
internal static class DeploymentStatus
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";

    /// <param name="deployment">The Deployment as read.</param>
    /// <param name="replicaSets">Every ReplicaSet it controls, the current one included.</param>
    /// <param name="current">The ReplicaSet of its current template, if there is one yet.</param>
    /// <param name="created">The current ReplicaSet was created by this reconcile.</param>
    /// <param name="now">The clock.</param>
    /// <returns>The status, and when the progress deadline passes if the rollout is still under way.</returns>
    public static (JsonObject Status, DateTimeOffset? Deadline) Calculate(
        DeploymentFacts deployment, IReadOnlyCollection<ReplicaSetFacts> replicaSets, ReplicaSetFacts? current, bool created, DateTimeOffset now)
    {
        var old = deployment.Status;
        var replicas = replicaSets.Sum(rs => rs.Status.Replicas);
        var updated = current?.Status.Replicas ?? 0;
        var ready = replicaSets.Sum(rs => rs.Status.ReadyReplicas);
        var available = replicaSets.Sum(rs => rs.Status.AvailableReplicas);
        var unavailable = Math.Max(replicaSets.Sum(rs => rs.Replicas) - available, 0);

        var status = new JsonObject();
        SetCount(status, "observedGeneration", deployment.Generation);
        SetCount(status, "replicas", replicas);
        SetCount(status, "updatedReplicas", updated);
        SetCount(status, "readyReplicas", ready);
        SetCount(status, "availableReplicas", available);
        SetCount(status, "unavailableReplicas", unavailable);

        var conditions = JsonRead.Array(old, "conditions").OfType<JsonObject>().Select(c => c.DeepClone().AsObject()).ToList();
        var at = ObjectMetadata.Timestamp(now);
        var desired = deployment.Replicas;
        if (available >= desired - deployment.MaxUnavailable)
        {
            Set(conditions, Available, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", at);
        }
        else
        {
            Set(conditions, Available, "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", at);
        }

        var name = current?.Key.Name ?? deployment.Key.Name;
        var complete = current is not null && updated == desired && replicas == desired && available == desired;
        var progressed = updated > Count(old, "updatedReplicas")
            || replicas - updated < Count(old, "replicas") - Count(old, "updatedReplicas")
            || ready > Count(old, "readyReplicas")
            || available > Count(old, "availableReplicas");
        var progressing = conditions.Find(c => JsonRead.String(c, "type") == Progressing);
        var deadline = deployment.ProgressDeadlineSeconds is { } seconds
            && Timestamps.Parse(JsonRead.String(progressing, "lastUpdateTime")) is { } lastUpdate
            ? lastUpdate + TimeSpan.FromSeconds(seconds)
            : (DateTimeOffset?)null;
        if (deployment.Paused)
        {
            Set(conditions, Progressing, "Unknown", "DeploymentPaused", "Deployment is paused", at);
        }
        else if (complete)
        {
            Set(conditions, Progressing, "True", "NewReplicaSetAvailable", $"ReplicaSet \"{name}\" has successfully progressed.", at);
        }
        else if (created)
        {
            Set(conditions, Progressing, "True", "NewReplicaSetCreated", $"Created new replica set \"{name}\"", at, refresh: true);
        }
        else if (progressed || progressing is null || JsonRead.String(progressing, "status") == "Unknown")
        {
            Set(conditions, Progressing, "True", "ReplicaSetUpdated", $"ReplicaSet \"{name}\" is progressing.", at, refresh: true);
        }
        else if (JsonRead.String(progressing, "status") == "True" && deadline <= now)
        {
            Set(conditions, Progressing, "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{name}\" has timed out progressing.", at);
        }

        if (conditions.Count > 0)
        {
            status["conditions"] = new JsonArray([.. conditions]);
        }

        if (old?["collisionCount"] is { } collisions)
        {
            status["collisionCount"] = collisions.DeepClone();
        }

        progressing = conditions.Find(c => JsonRead.String(c, "type") == Progressing);
        var stillGoing = !deployment.Paused && !complete && JsonRead.String(progressing, "status") == "True";
        var next = stillGoing && deployment.ProgressDeadlineSeconds is { } limit
            && Timestamps.Parse(JsonRead.String(progressing, "lastUpdateTime")) is { } updatedAt
            ? updatedAt + TimeSpan.FromSeconds(limit)
            : (DateTimeOffset?)null;
        return (status, next);
    }

    /// <summary>
    /// Sets a condition. One with the same status and reason is left as it is, unless <paramref name="refresh"/>
    /// records progress (a new lastUpdateTime); lastTransitionTime moves only when the status changes.
    /// </summary>
    private static void Set(List<JsonObject> conditions, string type, string status, string reason, string message, string at, bool refresh = false)
    {
        var index = conditions.FindIndex(c => JsonRead.String(c, "type") == type);
        var existing = index >= 0 ? conditions[index] : null;
        if (existing is not null && JsonRead.String(existing, "status") == status && JsonRead.String(existing, "reason") == reason && !refresh)
        {
            return;
        }

        var transition = existing is not null && JsonRead.String(existing, "status") == status
            ? JsonRead.String(existing, "lastTransitionTime") ?? at
            : at;
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastUpdateTime"] = at,
            ["lastTransitionTime"] = transition,
            ["reason"] = reason,
            ["message"] = message,
        };
        if (index >= 0)
        {
            conditions[index] = condition;
        }
        else
        {
            conditions.Add(condition);
        }
    }

    private static void SetCount(JsonObject status, string field, long value)
    {
        if (value != 0)
        {
            status[field] = value;
        }
    }

    private static long Count(JsonObject? status, string field) => JsonRead.Integer(status, field) ?? 0;
}
