using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.Simulation;

/// <summary>The counts a ReplicaSet's status reports about its pods; equal values mean nothing to write.</summary>
internal sealed record ReplicaSetStatus(int Replicas, int FullyLabeledReplicas, int ReadyReplicas, int AvailableReplicas, long ObservedGeneration)
{
    public static readonly ReplicaSetStatus Empty = new(0, 0, 0, 0, 0);

    public static ReplicaSetStatus Read(JsonObject? status) => new(
        Count(status, "replicas"),
        Count(status, "fullyLabeledReplicas"),
        Count(status, "readyReplicas"),
        Count(status, "availableReplicas"),
        JsonRead.Integer(status, "observedGeneration") ?? 0);

    /// <summary>
    /// The status of a ReplicaSet with these active pods, and when the next pod that is ready but not yet
    /// available (ready for less than minReadySeconds) becomes available.
    /// </summary>
    /// <param name="readySince">When a pod became ready; null when it is not ready.</param>
    public static (ReplicaSetStatus Status, DateTimeOffset? NextAvailable) Calculate(
        long generation, ImmutableDictionary<string, string> templateLabels, int minReadySeconds,
        IReadOnlyCollection<PodFacts> pods, Func<PodFacts, DateTimeOffset?> readySince, DateTimeOffset now)
    {
        var minReady = TimeSpan.FromSeconds(minReadySeconds);
        int fullyLabeled = 0, ready = 0, available = 0;
        DateTimeOffset? next = null;
        foreach (var pod in pods)
        {
            if (templateLabels.All(label => pod.Labels.TryGetValue(label.Key, out var value) && value == label.Value))
            {
                fullyLabeled++;
            }

            if (readySince(pod) is not { } since)
            {
                continue;
            }

            ready++;
            var availableAt = since + minReady;
            if (minReadySeconds == 0 || availableAt <= now)
            {
                available++;
            }
            else if (next is null || availableAt < next)
            {
                next = availableAt;
            }
        }

        return (new ReplicaSetStatus(pods.Count, fullyLabeled, ready, available, generation), next);
    }

    /// <summary>Writes the counts into a status object, leaving its other fields (conditions) alone. As the real
    /// server does, a zero count is left out, except replicas.</summary>
    public void WriteTo(JsonObject status)
    {
        status["replicas"] = Replicas;
        SetOrRemove(status, "fullyLabeledReplicas", FullyLabeledReplicas);
        SetOrRemove(status, "readyReplicas", ReadyReplicas);
        SetOrRemove(status, "availableReplicas", AvailableReplicas);
        SetOrRemove(status, "observedGeneration", ObservedGeneration);
    }

    private static void SetOrRemove(JsonObject status, string field, long value)
    {
        if (value == 0)
        {
            status.Remove(field);
        }
        else
        {
            status[field] = value;
        }
    }

    private static int Count(JsonObject? status, string field) => (int)Math.Clamp(JsonRead.Integer(status, field) ?? 0, 0, int.MaxValue);
}
