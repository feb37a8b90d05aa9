using System.Collections.Concurrent;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Runtime;

namespace Rollouts.Operator.Controllers.Rollouts;

/// <summary>
/// Holds back status writes that only follow pod counts. The status mirrors the ReplicaSets' pod counts, so each
/// pod that is created, becomes ready or goes away would otherwise cost one status write. A write whose only
/// changes are the counts, the texts that quote them (the message, condition messages) and the conditions'
/// update times waits up to <see cref="Delay"/> from the first reconcile that wanted it: the key is requeued for
/// then, and any write made before (a step, phase, weight, abort, pause, condition status or reason, history or
/// generation change, which always goes out at once) carries the newest counts with it. So the counts shown lag
/// the pods by at most the delay, and always land.
/// </summary>
internal sealed class StatusCoalescer(TimeProvider time, TimeSpan delay)
{
    private readonly ConcurrentDictionary<ObjectKey, DateTimeOffset> _heldSince = new();

    /// <summary>How long a counts-only write may wait.</summary>
    public TimeSpan Delay => delay;

    /// <summary>
    /// How long to hold the write of <paramref name="next"/> over <paramref name="current"/> for <paramref name="key"/>,
    /// or null to write it now. A plan that records Events is written now, so that an Event never announces a state the
    /// status does not show.
    /// </summary>
    public TimeSpan? Hold(ObjectKey key, RolloutStatus? current, RolloutStatus next, bool recordsEvents)
    {
        if (delay <= TimeSpan.Zero || recordsEvents || !CountsOnly(current, next))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var since = _heldSince.GetOrAdd(key, now);
        var left = since + delay - now;
        return left > TimeSpan.Zero ? left : null;
    }

    /// <summary>The status of <paramref name="key"/> was written, needs no write, or the Rollout is gone: nothing is held for it.</summary>
    public void Clear(ObjectKey key) => _heldSince.TryRemove(key, out _);

    /// <summary>
    /// True when <paramref name="next"/> differs from <paramref name="current"/> only in the pod counts
    /// (replicas, updatedReplicas, readyReplicas, availableReplicas), in status.message, and in the messages and
    /// times of conditions whose status and reason stay the same.
    /// </summary>
    public static bool CountsOnly(RolloutStatus? current, RolloutStatus next) =>
        current is not null && StatusEquality.AreEqual(WithoutCounts(current), WithoutCounts(next));

    private static RolloutStatus WithoutCounts(RolloutStatus status) => status with
    {
        Replicas = null,
        UpdatedReplicas = null,
        ReadyReplicas = null,
        AvailableReplicas = null,
        Message = null,
        Conditions = status.Conditions?.Select(c => c with { Message = null, LastUpdateTime = null }).ToList(),
    };
}
