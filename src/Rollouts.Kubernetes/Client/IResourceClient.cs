using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Client;

/// <summary>
/// The verbs on one resource. <c>@namespace</c> is required for namespaced resources and must be
/// null for cluster-scoped ones; for <see cref="ListAsync"/> and <see cref="WatchAsync"/> null on a
/// namespaced resource means all namespaces. Failures the server reports are thrown as
/// <see cref="KubernetesApiException"/> subclasses (<see cref="NotFoundException"/>,
/// <see cref="ConflictException"/>, ...).
/// </summary>
public interface IResourceClient<T>
    where T : class, IKubernetesObject
{
    ApiResource Resource { get; }

    Task<T> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>One page of objects; follow <c>Metadata.Continue</c> for more, or use <c>ListAllAsync</c>.</summary>
    Task<KubernetesList<T>> ListAsync(string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Creates the object in <c>item.Metadata.Namespace</c>; returns it as stored.</summary>
    Task<T> CreateAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the object (PUT). <c>item.Metadata.ResourceVersion</c> is required: when the object
    /// changed since it was read the server answers <see cref="ConflictException"/>, never retried here.
    /// </summary>
    Task<T> ReplaceAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces only <c>.status</c> through the status subresource; same rules as <see cref="ReplaceAsync"/>.</summary>
    Task<T> ReplaceStatusAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default);

    Task<T> PatchAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Patches only <c>.status</c> through the status subresource.</summary>
    Task<T> PatchStatusAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the object. With finalizers the object only gets a deletionTimestamp and goes away
    /// when they are removed. A missing object is <see cref="NotFoundException"/>.
    /// </summary>
    Task DeleteAsync(string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default);

    Task<Scale> GetScaleAsync(string? @namespace, string name, CancellationToken cancellationToken = default);

    Task<Scale> ReplaceScaleAsync(string? @namespace, string name, Scale scale, WriteOptions? options = null, CancellationToken cancellationToken = default);

    Task<Scale> PatchScaleAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams changes. The stream ends when the server closes it (timeoutSeconds) or the connection
    /// drops: watch again from the last resourceVersion seen. An ERROR event is thrown, never yielded:
    /// <see cref="GoneException"/> when the resourceVersion is too old (relist, then watch again),
    /// another <see cref="KubernetesApiException"/> otherwise.
    /// </summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(string? @namespace, WatchOptions? options = null, CancellationToken cancellationToken = default);
}
