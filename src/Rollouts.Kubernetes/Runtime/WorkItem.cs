namespace Rollouts.Kubernetes.Runtime;

/// <summary>
/// What <see cref="WorkQueue{TKey}.GetAsync"/> hands a worker: a key to process, or the signal that
/// the queue is shutting down and the worker should stop.
/// </summary>
public readonly struct WorkItem<TKey> : IEquatable<WorkItem<TKey>>
    where TKey : notnull
{
    private readonly TKey? _key;
    private readonly bool _hasKey;

    internal WorkItem(TKey key)
    {
        _key = key;
        _hasKey = true;
    }

    /// <summary>The item that tells a worker to stop.</summary>
    public static WorkItem<TKey> ShutDown => default;

    /// <summary>True when the queue is shutting down; there is no key and the worker should stop.</summary>
    public bool IsShutDown => !_hasKey;

    /// <summary>The key to process. The worker must call <see cref="WorkQueue{TKey}.Done"/> with it.</summary>
    /// <exception cref="InvalidOperationException">The item is the shutdown signal.</exception>
    public TKey Key => _hasKey
        ? _key!
        : throw new InvalidOperationException("The work queue is shutting down: this item has no key. Check IsShutDown first.");

    public bool Equals(WorkItem<TKey> other) =>
        _hasKey == other._hasKey && (!_hasKey || EqualityComparer<TKey>.Default.Equals(_key, other._key));

    public override bool Equals(object? obj) => obj is WorkItem<TKey> other && Equals(other);

    public override int GetHashCode() => _hasKey ? HashCode.Combine(_key) : 0;

    public override string ToString() => _hasKey ? $"{_key}" : "(shut down)";

    public static bool operator ==(WorkItem<TKey> left, WorkItem<TKey> right) => left.Equals(right);

    public static bool operator !=(WorkItem<TKey> left, WorkItem<TKey> right) => !left.Equals(right);
}
