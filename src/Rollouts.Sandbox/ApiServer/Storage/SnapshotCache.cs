using System.Collections.Concurrent;

namespace Rollouts.Sandbox.ApiServer.Storage;

/// <summary>Snapshots that paged lists continue from, kept for a while after their last use.</summary>
internal sealed class SnapshotCache(TimeProvider time, TimeSpan keepFor)
{
    private readonly ConcurrentDictionary<long, (StoreState State, DateTimeOffset LastUsed)> _snapshots = new();

    public void Keep(StoreState state)
    {
        Evict();
        _snapshots[state.ResourceVersion] = (state, time.GetUtcNow());
    }

    public StoreState? TryGet(long resourceVersion)
    {
        Evict();
        if (!_snapshots.TryGetValue(resourceVersion, out var entry))
        {
            return null;
        }

        _snapshots[resourceVersion] = (entry.State, time.GetUtcNow());
        return entry.State;
    }

    public void Clear() => _snapshots.Clear();

    private void Evict()
    {
        var cutoff = time.GetUtcNow() - keepFor;
        foreach (var (rv, entry) in _snapshots)
        {
            if (entry.LastUsed < cutoff)
            {
                _snapshots.TryRemove(rv, out _);
            }
        }
    }
}
