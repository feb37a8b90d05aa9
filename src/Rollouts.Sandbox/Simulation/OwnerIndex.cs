using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Simulation;

/// <summary>
/// The names of the objects each owner controls: the pods of a ReplicaSet, the ReplicaSets of a Deployment.
/// The change stream keeps it, in order; a controller also adds what it creates, so that its next reconcile
/// sees the new objects even before their events arrive. An entry is a hint: readers look each name up in
/// the store and check the owner's uid there.
/// </summary>
internal sealed class OwnerIndex
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, HashSet<string>> _children = [];

    public void Add(ObjectKey owner, string child)
    {
        lock (_gate)
        {
            AddLocked(owner, child);
        }
    }

    /// <summary>
    /// Adds an object just created, unless it is already gone from the store: its deletion event may have been
    /// handled already, and an entry added after it would never be removed.
    /// </summary>
    public void AddCreated(ObjectKey owner, string child, Func<bool> stillStored)
    {
        lock (_gate)
        {
            if (stillStored())
            {
                AddLocked(owner, child);
            }
        }
    }

    public void Remove(ObjectKey owner, string child)
    {
        lock (_gate)
        {
            if (_children.TryGetValue(owner, out var set) && set.Remove(child) && set.Count == 0)
            {
                _children.Remove(owner);
            }
        }
    }

    public string[] Children(ObjectKey owner)
    {
        lock (_gate)
        {
            return _children.TryGetValue(owner, out var set) ? [.. set] : [];
        }
    }

    private void AddLocked(ObjectKey owner, string child)
    {
        if (!_children.TryGetValue(owner, out var set))
        {
            _children[owner] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(child);
    }
}
