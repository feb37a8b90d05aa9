using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Simulation;

/// <summary>
/// What the simulator reads from a pod, parsed once per stored version (stored objects are immutable, so
/// the parse is kept beside the object it came from).
/// </summary>
internal sealed record PodFacts
{
    private static readonly ConditionalWeakTable<StoredObject, PodFacts> Parsed = [];

    public required ObjectKey Key { get; init; }
    public required string Uid { get; init; }
    public ControllerRef? Controller { get; init; }
    public ImmutableDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;
    public DateTimeOffset? Created { get; init; }
    public bool Deleting { get; init; }
    public bool Assigned { get; init; }

    /// <summary>status.phase; empty before the kubelet first writes status.</summary>
    public string Phase { get; init; } = "";

    /// <summary>The Ready condition is True.</summary>
    public bool Ready { get; init; }

    /// <summary>When the Ready condition last turned True (to the second, as stored); null when not ready.</summary>
    public DateTimeOffset? ReadySince { get; init; }

    /// <summary>status.startTime: when the kubelet started the pod.</summary>
    public DateTimeOffset? StartTime { get; init; }

    public long Restarts { get; init; }
    public bool NeverReady { get; init; }

    /// <summary>The ready-delay annotation as written (checked by the kubelet, which reports a bad value).</summary>
    public string? ReadyDelay { get; init; }

    /// <summary>Counts toward its ReplicaSet: neither being deleted nor finished.</summary>
    public bool IsActive => !Deleting && Phase is not ("Succeeded" or "Failed");

    /// <summary>The kubelet still has something to do: start it or make it ready.</summary>
    public bool NeedsKubelet => IsActive && !Ready && !(NeverReady && Phase == "Running");

    /// <summary>The ReplicaSet that controls this pod, if one does.</summary>
    public ObjectKey? ReplicaSet => Controller is { } owner && owner.IsApps("ReplicaSet") ? new ObjectKey(Key.Namespace, owner.Name) : null;

    public static PodFacts Of(StoredObject pod) => Parsed.GetValue(pod, Parse);

    private static PodFacts Parse(StoredObject stored)
    {
        var pod = stored.ToJsonObject();
        var status = JsonRead.Object(pod, "status");
        var ready = JsonRead.Array(status, "conditions").OfType<JsonObject>()
            .FirstOrDefault(c => JsonRead.String(c, "type") == "Ready");
        var isReady = JsonRead.String(ready, "status") == "True";
        var annotations = JsonRead.Object(pod, "metadata", "annotations");
        return new PodFacts
        {
            Key = stored.Key,
            Uid = stored.Uid,
            Controller = ControllerRef.Of(pod),
            Labels = stored.Labels,
            Created = Timestamps.Parse(JsonRead.String(pod, "metadata", "creationTimestamp")),
            Deleting = stored.IsDeleting,
            Assigned = !string.IsNullOrEmpty(JsonRead.String(pod, "spec", "nodeName")),
            Phase = JsonRead.String(status, "phase") ?? "",
            Ready = isReady,
            ReadySince = isReady ? Timestamps.Parse(JsonRead.String(ready, "lastTransitionTime")) : null,
            StartTime = Timestamps.Parse(JsonRead.String(status, "startTime")),
            Restarts = JsonRead.Array(status, "containerStatuses").Sum(c => JsonRead.Integer(c, "restartCount") ?? 0),
            NeverReady = string.Equals(JsonRead.String(annotations, SimulationAnnotations.NeverReady), "true", StringComparison.OrdinalIgnoreCase),
            ReadyDelay = JsonRead.String(annotations, SimulationAnnotations.ReadyDelay),
        };
    }
}
