using System.Collections.Immutable;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Runtime.Informers;

/// <summary>
/// An immutable view of a cache: the objects by key and the indexes by namespace, owner UID and label.
/// A snapshot never changes, so a reconcile that takes one reads a consistent world however the cache
/// moves on meanwhile; reads take no lock. Lists come in key order (namespace, then name).
/// </summary>
public sealed class CacheSnapshot<T>
    where T : class, IKubernetesObject
{
    public static readonly CacheSnapshot<T> Empty = new(
        ImmutableSortedDictionary<ObjectKey, T>.Empty, KeyIndex.Empty, KeyIndex.Empty, KeyIndex.Empty);

    private readonly ImmutableSortedDictionary<ObjectKey, T> _objects;
    private readonly KeyIndex _namespaces;
    private readonly KeyIndex _owners;
    private readonly KeyIndex _labels;

    private CacheSnapshot(ImmutableSortedDictionary<ObjectKey, T> objects, KeyIndex namespaces, KeyIndex owners, KeyIndex labels)
    {
        _objects = objects;
        _namespaces = namespaces;
        _owners = owners;
        _labels = labels;
    }

    public int Count => _objects.Count;

    /// <summary>Every key, in order.</summary>
    public IEnumerable<ObjectKey> Keys => _objects.Keys;

    /// <summary>A snapshot holding <paramref name="items"/>; a later item with the same key wins.</summary>
    public static CacheSnapshot<T> From(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var objects = ImmutableSortedDictionary.CreateBuilder<ObjectKey, T>();
        foreach (var item in items)
        {
            objects[ObjectKey.Of(item)] = item;
        }

        var all = objects.ToImmutable();
        return new CacheSnapshot<T>(
            all,
            KeyIndex.Build(all.Select(p => (p.Key, (IReadOnlyCollection<string>)[p.Key.Namespace]))),
            KeyIndex.Build(all.Select(p => (p.Key, CacheIndexes.Owners(p.Value)))),
            KeyIndex.Build(all.Select(p => (p.Key, CacheIndexes.Labels(p.Value)))));
    }

    /// <summary>The object, or null. <paramref name="namespace"/> is null or empty for cluster-scoped objects.</summary>
    public T? Get(string? @namespace, string name) => Get(new ObjectKey(@namespace, name));

    public T? Get(ObjectKey key) => _objects.GetValueOrDefault(key);

    /// <summary>The objects of one namespace, or of all namespaces when <paramref name="namespace"/> is null.</summary>
    public IReadOnlyList<T> List(string? @namespace = null) =>
        @namespace is null ? [.. _objects.Values] : Resolve(_namespaces.Lookup(@namespace));

    /// <summary>The objects that name <paramref name="uid"/> in their <c>metadata.ownerReferences</c>.</summary>
    public IReadOnlyList<T> ByOwner(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        return Resolve(_owners.Lookup(uid));
    }

    /// <summary>The objects whose label <paramref name="key"/> is exactly <paramref name="value"/>.</summary>
    public IReadOnlyList<T> ByLabel(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return Resolve(_labels.Lookup(CacheIndexes.Label(key, value)));
    }

    /// <summary>This snapshot with <paramref name="item"/> added or replacing the object with its key.</summary>
    internal CacheSnapshot<T> With(T item)
    {
        var key = ObjectKey.Of(item);
        var previous = _objects.GetValueOrDefault(key);
        return new CacheSnapshot<T>(
            _objects.SetItem(key, item),
            previous is null ? _namespaces.Update(key, [], [key.Namespace]) : _namespaces,
            _owners.Update(key, previous is null ? [] : CacheIndexes.Owners(previous), CacheIndexes.Owners(item)),
            _labels.Update(key, previous is null ? [] : CacheIndexes.Labels(previous), CacheIndexes.Labels(item)));
    }

    /// <summary>This snapshot without the object with <paramref name="key"/>.</summary>
    internal CacheSnapshot<T> Without(ObjectKey key)
    {
        if (!_objects.TryGetValue(key, out var previous))
        {
            return this;
        }

        return new CacheSnapshot<T>(
            _objects.Remove(key),
            _namespaces.Update(key, [key.Namespace], []),
            _owners.Update(key, CacheIndexes.Owners(previous), []),
            _labels.Update(key, CacheIndexes.Labels(previous), []));
    }

    private T[] Resolve(ImmutableSortedSet<ObjectKey> keys)
    {
        var result = new T[keys.Count];
        var i = 0;
        foreach (var key in keys)
        {
            result[i++] = _objects[key];
        }

        return result;
    }
}
