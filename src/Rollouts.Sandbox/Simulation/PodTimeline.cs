using System.Collections.Concurrent;

namespace Rollouts.Sandbox.Simulation;

/// <summary>
/// When each pod started and became ready, to the tick. Objects store times to the second, which is enough
/// for people but not for a ready delay or minReadySeconds measured on a test's clock; the stored times are
/// the fallback for pods this process did not start.
/// </summary>
internal sealed class PodTimeline
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _started = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _ready = new(StringComparer.Ordinal);

    public void Started(string uid, DateTimeOffset at) => _started[uid] = at;

    public void BecameReady(string uid, DateTimeOffset at) => _ready[uid] = at;

    public DateTimeOffset? StartedAt(PodFacts pod) =>
        _started.TryGetValue(pod.Uid, out var at) && Agrees(at, pod.StartTime) ? at : pod.StartTime;

    /// <summary>When the pod became ready, or null when it is not ready.</summary>
    public DateTimeOffset? ReadySince(PodFacts pod)
    {
        if (!pod.Ready)
        {
            return null;
        }

        return _ready.TryGetValue(pod.Uid, out var at) && Agrees(at, pod.ReadySince) ? at : pod.ReadySince;
    }

    public void Forget(string uid)
    {
        _started.TryRemove(uid, out _);
        _ready.TryRemove(uid, out _);
    }

    /// <summary>A time kept here still describes the stored one (which lost its fraction of a second).</summary>
    private static bool Agrees(DateTimeOffset precise, DateTimeOffset? stored) =>
        stored is not { } value || (precise - value).Duration() < TimeSpan.FromSeconds(1);
}
