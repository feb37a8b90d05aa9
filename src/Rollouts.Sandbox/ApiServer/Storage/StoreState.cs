using System.Collections.Immutable;

namespace Rollouts.Sandbox.ApiServer.Storage;

/// <summary>
/// An immutable snapshot of every collection at one resourceVersion. Writers replace it whole; readers
/// (lists, the first events of a watch, paging) hold on to the one they started with.
/// </summary>
public sealed class StoreState
{
    public static readonly StoreState Empty = new(0, ImmutableDictionary<string, ImmutableSortedDictionary<ObjectKey, StoredObject>>.Empty);

    private StoreState(long resourceVersion, ImmutableDictionary<string, ImmutableSortedDictionary<ObjectKey, StoredObject>> collections)
    {
        ResourceVersion = resourceVersion;
        Collections = collections;
    }

    public long ResourceVersion { get; }
    public ImmutableDictionary<string, ImmutableSortedDictionary<ObjectKey, StoredObject>> Collections { get; }

    public ImmutableSortedDictionary<ObjectKey, StoredObject> Collection(string storageKey) =>
        Collections.TryGetValue(storageKey, out var collection) ? collection : ImmutableSortedDictionary<ObjectKey, StoredObject>.Empty;

    public StoredObject? Get(string storageKey, ObjectKey key) =>
        Collections.TryGetValue(storageKey, out var collection) && collection.TryGetValue(key, out var obj) ? obj : null;

    /// <summary>The objects of a collection in list order, optionally in one namespace.</summary>
    public IEnumerable<StoredObject> Objects(string storageKey, string? ns)
    {
        var collection = Collection(storageKey);
        if (string.IsNullOrEmpty(ns))
        {
            return collection.Values;
        }

        // Keys sort by namespace first, so one namespace is a contiguous run.
        return collection.Where(kv => kv.Key.Namespace == ns).Select(kv => kv.Value);
    }

    internal StoreState With(long resourceVersion, StoredObject obj)
    {
        var collection = Collection(obj.StorageKey).SetItem(obj.Key, obj);
        return new StoreState(resourceVersion, Collections.SetItem(obj.StorageKey, collection));
    }

    internal StoreState Without(long resourceVersion, StoredObject obj)
    {
        var collection = Collection(obj.StorageKey).Remove(obj.Key);
        return new StoreState(resourceVersion, Collections.SetItem(obj.StorageKey, collection));
    }
}
