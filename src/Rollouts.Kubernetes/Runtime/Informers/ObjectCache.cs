using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Runtime.Informers;

/// <summary>
/// The objects an informer keeps, readable from any thread without locks: every read goes to the
/// current <see cref="CacheSnapshot{T}"/>, which the informer replaces whole after each change. Take
/// <see cref="Snapshot"/> once when several reads must agree with each other.
/// </summary>
/// <remarks>Objects in the cache are shared: treat them as read-only and change copies (<c>with</c>).</remarks>
public sealed class ObjectCache<T>
    where T : class, IKubernetesObject
{
    private CacheSnapshot<T> _snapshot = CacheSnapshot<T>.Empty;

    /// <summary>The current state; it does not change after it is read.</summary>
    public CacheSnapshot<T> Snapshot => Volatile.Read(ref _snapshot);

    public int Count => Snapshot.Count;

    /// <inheritdoc cref="CacheSnapshot{T}.Get(string?, string)"/>
    public T? Get(string? @namespace, string name) => Snapshot.Get(@namespace, name);

    public T? Get(ObjectKey key) => Snapshot.Get(key);

    /// <inheritdoc cref="CacheSnapshot{T}.List(string?)"/>
    public IReadOnlyList<T> List(string? @namespace = null) => Snapshot.List(@namespace);

    /// <inheritdoc cref="CacheSnapshot{T}.ByOwner(string)"/>
    public IReadOnlyList<T> ByOwner(string uid) => Snapshot.ByOwner(uid);

    /// <inheritdoc cref="CacheSnapshot{T}.ByLabel(string, string)"/>
    public IReadOnlyList<T> ByLabel(string key, string value) => Snapshot.ByLabel(key, value);

    /// <summary>Publishes a new state; only the informer that owns the cache calls it.</summary>
    internal void Publish(CacheSnapshot<T> snapshot) => Volatile.Write(ref _snapshot, snapshot);
}
