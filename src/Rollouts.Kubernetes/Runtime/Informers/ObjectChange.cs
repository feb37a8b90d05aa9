using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Runtime.Informers;

/// <summary>What happened to one object, as an informer's handlers see it.</summary>
public enum ObjectChangeType
{
    /// <summary>The object appeared: <see cref="ObjectChange{T}.Old"/> is null.</summary>
    Added,

    /// <summary>
    /// The object changed: both sides are set. A periodic resync delivers every cached object as
    /// Updated with <see cref="ObjectChange{T}.Old"/> and <see cref="ObjectChange{T}.New"/> the same instance.
    /// </summary>
    Updated,

    /// <summary>
    /// The object is gone: <see cref="ObjectChange{T}.Old"/> is its last cached state and
    /// <see cref="ObjectChange{T}.New"/> its final state from the server, or null when it vanished
    /// while the informer was not watching (noticed on a relist).
    /// </summary>
    Deleted,
}

/// <summary>One change delivered to an informer's handlers.</summary>
public readonly record struct ObjectChange<T>(ObjectChangeType Type, ObjectKey Key, T? Old, T? New)
    where T : class, IKubernetesObject
{
    /// <summary>The newest state known: <see cref="New"/>, or <see cref="Old"/> for a delete noticed on a relist.</summary>
    public T Object => New ?? Old ?? throw new InvalidOperationException($"The change of '{Key}' carries no object.");

    /// <summary>True for a resync: nothing changed, the handler is reminded of the object.</summary>
    public bool IsResync => Type == ObjectChangeType.Updated && ReferenceEquals(Old, New);

    /// <summary>True for a delete noticed on a relist, whose final state is unknown.</summary>
    public bool IsFinalStateUnknown => Type == ObjectChangeType.Deleted && New is null;
}
