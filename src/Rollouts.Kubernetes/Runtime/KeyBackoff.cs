using System.Runtime.InteropServices;

namespace Rollouts.Kubernetes.Runtime;

/// <summary>
/// Per-key exponential backoff: a key's n-th consecutive failure waits <c>baseDelay * 2^(n-1)</c>,
/// never more than <c>maxDelay</c>, until the key is forgotten. Not thread-safe; the work queue
/// calls it under its lock.
/// </summary>
internal sealed class KeyBackoff<TKey>(TimeSpan baseDelay, TimeSpan maxDelay)
    where TKey : notnull
{
    private readonly Dictionary<TKey, int> _failures = [];

    /// <summary>Counts one more failure of the key and returns how long it should wait.</summary>
    public TimeSpan Next(TKey key)
    {
        ref var failures = ref CollectionsMarshal.GetValueRefOrAddDefault(_failures, key, out _);
        var delay = DelayAfter(failures);
        if (failures < int.MaxValue)
        {
            failures++;
        }

        return delay;
    }

    /// <summary>How many failures have been counted for the key since it was last forgotten.</summary>
    public int Failures(TKey key) => _failures.GetValueOrDefault(key);

    /// <summary>Resets the key: its next failure waits the base delay again.</summary>
    public void Forget(TKey key) => _failures.Remove(key);

    private TimeSpan DelayAfter(int earlierFailures)
    {
        var ticks = baseDelay.Ticks * Math.Pow(2, earlierFailures);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
