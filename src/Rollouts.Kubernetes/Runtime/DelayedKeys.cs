using System.Diagnostics.CodeAnalysis;

namespace Rollouts.Kubernetes.Runtime;

/// <summary>
/// Keys waiting for a time, at most one entry per key: scheduling a key that already waits keeps
/// the earlier of the two times. Not thread-safe; the work queue calls it under its lock.
/// </summary>
/// <remarks>
/// Removal is lazy: the heap may keep entries whose key was removed or rescheduled earlier. They are
/// skipped when they reach the top, and the heap is rebuilt when they outnumber the live ones.
/// </remarks>
internal sealed class DelayedKeys<TKey>
    where TKey : notnull
{
    private const int CompactionFloor = 64;

    private readonly Dictionary<TKey, TimeSpan> _due = [];
    private readonly PriorityQueue<TKey, TimeSpan> _heap = new();

    public int Count => _due.Count;

    /// <summary>Makes the key due at <paramref name="due"/> unless it is already due no later.</summary>
    /// <returns>True when the key's due time was set or moved earlier.</returns>
    public bool Schedule(TKey key, TimeSpan due)
    {
        if (_due.TryGetValue(key, out var current) && current <= due)
        {
            return false;
        }

        _due[key] = due;
        _heap.Enqueue(key, due);
        CompactIfMostlyStale();
        return true;
    }

    /// <summary>Drops the key's pending time, if any.</summary>
    public void Remove(TKey key)
    {
        if (_due.Remove(key))
        {
            CompactIfMostlyStale();
        }
    }

    /// <summary>The earliest pending time, if any key waits.</summary>
    public bool TryPeekEarliest(out TimeSpan due)
    {
        DropStaleTop();
        return _heap.TryPeek(out _, out due);
    }

    /// <summary>Takes the key that is due earliest, if it is due at or before <paramref name="now"/>.</summary>
    public bool TryTakeDue(TimeSpan now, [MaybeNullWhen(false)] out TKey key)
    {
        DropStaleTop();
        if (_heap.TryPeek(out key, out var due) && due <= now)
        {
            _heap.Dequeue();
            _due.Remove(key);
            return true;
        }

        key = default;
        return false;
    }

    public void Clear()
    {
        _due.Clear();
        _heap.Clear();
    }

    private void DropStaleTop()
    {
        while (_heap.TryPeek(out var key, out var due) && (!_due.TryGetValue(key, out var live) || live != due))
        {
            _heap.Dequeue();
        }
    }

    private void CompactIfMostlyStale()
    {
        if (_heap.Count > CompactionFloor && _heap.Count > 2 * _due.Count)
        {
            _heap.Clear();
            foreach (var (key, due) in _due)
            {
                _heap.Enqueue(key, due);
            }
        }
    }
}
