using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Storage;

/// <summary>
/// Every object of the in-memory API server, with one global resourceVersion bumped by every write, a
/// bounded history of changes for watches that resume, and snapshots for paged lists.
/// Reads are lock-free against an immutable <see cref="StoreState"/>; writes are compare-and-swap on one
/// object, serialized by a short lock that only assigns the version, freezes the JSON and publishes.
/// </summary>
public sealed class ObjectStore
{
    private readonly Lock _gate = new();
    private readonly StoreEvent?[] _history;
    private readonly SnapshotCache _snapshots;
    private StoreState _state = StoreState.Empty;
    private long _historyStart = 1; // oldest resourceVersion still in history
    private ImmutableArray<StoreSubscription> _subscribers = [];

    public ObjectStore(int historyCapacity = 50_000, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(historyCapacity);
        _history = new StoreEvent?[historyCapacity];
        _snapshots = new SnapshotCache(time ?? TimeProvider.System, TimeSpan.FromMinutes(5));
    }

    /// <summary>The current snapshot: every object as of <see cref="StoreState.ResourceVersion"/>.</summary>
    public StoreState State => Volatile.Read(ref _state);

    public long ResourceVersion => State.ResourceVersion;

    public StoredObject? Get(string storageKey, ObjectKey key) => State.Get(storageKey, key);

    /// <summary>
    /// Commits <paramref name="obj"/> (or deletes the object when <paramref name="delete"/>) if the object
    /// stored under its key is still <paramref name="expected"/> (null: absent). Sets
    /// metadata.resourceVersion on <paramref name="obj"/>. Returns null when something else wrote first;
    /// the caller reads again and retries.
    /// </summary>
    public StoredObject? TryCommit(string storageKey, ObjectKey key, StoredObject? expected, JsonObject obj, bool delete = false)
    {
        lock (_gate)
        {
            var current = _state.Get(storageKey, key);
            if (!ReferenceEquals(current, expected))
            {
                return null;
            }

            if (delete && current is null)
            {
                return null;
            }

            var resourceVersion = _state.ResourceVersion + 1;
            var metadata = obj["metadata"] as JsonObject ?? throw new InvalidOperationException("object without metadata");
            metadata["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
            var stored = StoredObject.From(storageKey, obj, resourceVersion);
            if (stored.Key != key)
            {
                throw new InvalidOperationException($"object key {stored.Key} does not match {key}");
            }

            StoreEventType type;
            if (delete)
            {
                _state = _state.Without(resourceVersion, current!);
                type = StoreEventType.Deleted;
            }
            else
            {
                _state = _state.With(resourceVersion, stored);
                type = current is null ? StoreEventType.Added : StoreEventType.Modified;
            }

            Record(new StoreEvent(resourceVersion, type, stored, current));
            return stored;
        }
    }

    /// <summary>
    /// Starts a stream of changes to one collection (null: all). With <paramref name="sinceResourceVersion"/>
    /// the stream first replays every change after it, or throws 410 Expired when the history no longer
    /// reaches back that far; without it, the stream starts at the current state (see
    /// <see cref="StoreSubscription.StartState"/>).
    /// </summary>
    public StoreSubscription Subscribe(string? storageKey, long? sinceResourceVersion = null, int capacity = 10_000)
    {
        lock (_gate)
        {
            var subscription = new StoreSubscription(storageKey, _state, capacity, Unsubscribe);
            if (sinceResourceVersion is long since && since < _state.ResourceVersion)
            {
                if (since < _historyStart - 1)
                {
                    throw ApiError.Expired($"too old resource version: {since} ({_historyStart - 1})");
                }

                for (var rv = since + 1; rv <= _state.ResourceVersion; rv++)
                {
                    var past = _history[rv % _history.Length]!;
                    if (storageKey is null || past.StorageKey == storageKey)
                    {
                        subscription.Publish(past);
                    }
                }
            }

            _subscribers = _subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>
    /// The current resourceVersion if <paramref name="subscription"/> has read every change up to it (so a
    /// bookmark may carry it), otherwise null.
    /// </summary>
    public long? ResourceVersionIfDrained(StoreSubscription subscription)
    {
        lock (_gate)
        {
            return subscription.Pending == 0 ? _state.ResourceVersion : null;
        }
    }

    /// <summary>Drops the whole change history and every paging snapshot, as etcd compaction does.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _historyStart = _state.ResourceVersion + 1;
            Array.Clear(_history);
            _snapshots.Clear();
        }
    }

    /// <summary>Keeps <paramref name="state"/> for continue tokens of a paged list.</summary>
    public void KeepSnapshot(StoreState state) => _snapshots.Keep(state);

    /// <summary>A snapshot kept for paging, or 410 Expired when it is gone.</summary>
    public StoreState GetSnapshot(long resourceVersion) =>
        _snapshots.TryGet(resourceVersion) ?? throw ApiError.Expired(
            "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");

    /// <summary>Closes every open subscription (server shutdown).</summary>
    public void CloseAll()
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Close();
            }

            _subscribers = [];
        }
    }

    private void Record(StoreEvent change)
    {
        _history[change.ResourceVersion % _history.Length] = change;
        if (change.ResourceVersion - _historyStart >= _history.Length)
        {
            _historyStart = change.ResourceVersion - _history.Length + 1;
        }

        foreach (var subscriber in _subscribers)
        {
            if (subscriber.StorageKey is null || subscriber.StorageKey == change.StorageKey)
            {
                subscriber.Publish(change);
            }
        }
    }

    private void Unsubscribe(StoreSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(subscription);
            subscription.Close();
        }
    }
}
