using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Simulation;

/// <summary>
/// Runs every pod as a kubelet would, through its status: Pending with containers being created, then
/// Running, then Ready once its ready delay has passed since it started (never, for a pod annotated
/// never-ready). Each reconcile moves a pod one stage and says when it wants to look again.
/// </summary>
internal sealed partial class SimulatedKubelet(
    ObjectStore store, ResourceOperations operations, PodTimeline timeline, WorkloadSimulatorOptions options, ILogger logger)
{
    private int _addresses;

    /// <param name="key">The pod.</param>
    /// <param name="checkAgainAt">Asks for another look at a time: called before the write that makes the
    /// wait observable, so a test that sees the pod running and moves its clock finds the timer set.</param>
    public void Reconcile(ObjectKey key, Action<DateTimeOffset> checkAgainAt)
    {
        if (store.Get(BuiltInTypes.Pods.StorageKey, key) is not { } stored)
        {
            return;
        }

        var pod = PodFacts.Of(stored);
        if (!pod.NeedsKubelet)
        {
            return;
        }

        var now = options.Time.GetUtcNow();
        var json = stored.ToJsonObject();
        if (pod.Phase.Length == 0)
        {
            WriteStatus(stored, PodStatuses.Pending(json, now));
            return;
        }

        var running = pod.Phase == "Running";
        var started = running ? timeline.StartedAt(pod) : null;
        if (started is null)
        {
            started = now;
            timeline.Started(pod.Uid, now);
        }

        var readyAt = ReadyDelay(pod) is { } delay ? started.Value + delay : (DateTimeOffset?)null;
        var ready = readyAt <= now;
        if (ready)
        {
            timeline.BecameReady(pod.Uid, readyAt!.Value);
        }
        else if (readyAt is { } due)
        {
            checkAgainAt(due);
        }

        if (running && !ready)
        {
            return;
        }

        var ip = running ? JsonRead.String(json, "status", "podIP") ?? NextAddress() : NextAddress();
        WriteStatus(stored, PodStatuses.Running(json, ip, started.Value, ready ? readyAt : null));
    }

    /// <summary>The pod's ready delay, or null when it never becomes ready.</summary>
    private TimeSpan? ReadyDelay(PodFacts pod)
    {
        if (pod.NeverReady)
        {
            return null;
        }

        if (pod.ReadyDelay is null)
        {
            return options.ReadyDelay;
        }

        if (SimulationAnnotations.TryParseDuration(pod.ReadyDelay, out var delay))
        {
            return delay;
        }

        LogBadReadyDelay(logger, pod.Key.ToString(), SimulationAnnotations.ReadyDelay, pod.ReadyDelay, options.ReadyDelay);
        return options.ReadyDelay;
    }

    /// <summary>Replaces the pod's status, unless the pod changed since it was read (409: its change brings it back).</summary>
    private void WriteStatus(StoredObject pod, JsonObject status)
    {
        var version = pod.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        operations.Patch(BuiltInTypes.Pods, pod.Key.Namespace, pod.Key.Name, live =>
        {
            ObjectMetadata.Of(live!)["resourceVersion"] = version;
            live!["status"] = status;
            return live;
        }, WriteOptions.Default, statusOnly: true);
    }

    private string NextAddress()
    {
        var n = Interlocked.Increment(ref _addresses);
        return $"10.244.{n / 254 % 256}.{(n % 254) + 1}";
    }

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning,
        Message = "Pod {Pod}: annotation {Annotation}: \"{Value}\" is not a duration such as \"5s\" or \"500ms\"; using the default ready delay {Default}")]
    private static partial void LogBadReadyDelay(ILogger logger, string pod, string annotation, string value, TimeSpan @default);
}
