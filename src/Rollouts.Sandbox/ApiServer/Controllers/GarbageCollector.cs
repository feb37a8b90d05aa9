using Microsoft.Extensions.Logging;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Controllers;

/// <summary>
/// Owner-reference garbage collection, as the real controller does it: dependents whose every owner is gone
/// are deleted (background); an owner deleted in the foreground waits, with its foregroundDeletion
/// finalizer, until its dependents are gone; an owner deleted with orphan propagation lets its dependents go
/// free. Runs from the store's change stream, one change at a time, keeping its own uid index.
/// </summary>
internal sealed partial class GarbageCollector(ObjectStore store, ResourceOperations operations, ResourceCatalog catalog, ILogger logger)
{
    private readonly Dictionary<string, HashSet<string>> _dependents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var changes = store.Subscribe(storageKey: null, capacity: int.MaxValue);
        foreach (var collection in changes.StartState.Collections.Values)
        {
            foreach (var obj in collection.Values)
            {
                Index(obj);
            }
        }

        foreach (var obj in _objects.Values.ToList())
        {
            Reconcile(obj);
        }

        while (await changes.ReadAsync(cancellationToken).ConfigureAwait(false) is { } change)
        {
            try
            {
                Handle(change);
            }
            catch (ApiError e) when (e.Code is 404 or 409)
            {
                // The object changed under us; a later change brings it back here.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailure(logger, e, change.Object.Key.ToString());
            }
        }
    }

    private void Handle(StoreEvent change)
    {
        if (change.Previous is { } previous)
        {
            Unindex(previous);
        }

        if (change.Type == StoreEventType.Deleted)
        {
            // Dependents of a deleted owner: collect or free them; owners waiting on it: check again.
            foreach (var dependentUid in DependentsOf(change.Object.Uid))
            {
                if (_objects.TryGetValue(dependentUid, out var dependent))
                {
                    Reconcile(dependent);
                }
            }

            foreach (var ownerUid in change.Object.OwnerUids)
            {
                if (_objects.TryGetValue(ownerUid, out var owner))
                {
                    Reconcile(owner);
                }
            }

            return;
        }

        Index(change.Object);
        Reconcile(change.Object);
    }

    /// <summary>Acts on one object: a dependent with no owner left, or an owner waiting on its dependents.</summary>
    private void Reconcile(StoredObject obj)
    {
        if (obj.IsDeleting && obj.Finalizers.Contains(ResourceOperations.OrphanFinalizer))
        {
            foreach (var dependentUid in DependentsOf(obj.Uid).ToList())
            {
                if (_objects.TryGetValue(dependentUid, out var dependent))
                {
                    RemoveOwner(dependent, obj.Uid);
                }
            }

            RemoveFinalizer(obj, ResourceOperations.OrphanFinalizer);
            return;
        }

        if (obj.IsDeleting && obj.Finalizers.Contains(ResourceOperations.ForegroundFinalizer))
        {
            var remaining = DependentsOf(obj.Uid).ToList();
            if (remaining.Count == 0)
            {
                RemoveFinalizer(obj, ResourceOperations.ForegroundFinalizer);
                return;
            }

            foreach (var dependentUid in remaining)
            {
                if (_objects.TryGetValue(dependentUid, out var dependent) && !dependent.IsDeleting)
                {
                    Delete(dependent, "Foreground");
                }
            }

            return;
        }

        if (obj.OwnerUids.IsEmpty || obj.IsDeleting)
        {
            return;
        }

        var liveOwners = obj.OwnerUids.Where(_objects.ContainsKey).ToList();
        if (liveOwners.Count == 0)
        {
            Delete(obj, "Background");
        }
        else if (liveOwners.Any(uid => _objects[uid].IsDeleting && _objects[uid].Finalizers.Contains(ResourceOperations.ForegroundFinalizer)))
        {
            Delete(obj, "Foreground");
        }
    }

    private IEnumerable<string> DependentsOf(string uid) =>
        _dependents.TryGetValue(uid, out var dependents) ? dependents : [];

    private void Index(StoredObject obj)
    {
        _objects[obj.Uid] = obj;
        foreach (var owner in obj.OwnerUids)
        {
            if (!_dependents.TryGetValue(owner, out var set))
            {
                _dependents[owner] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(obj.Uid);
        }
    }

    private void Unindex(StoredObject obj)
    {
        _objects.Remove(obj.Uid);
        foreach (var owner in obj.OwnerUids)
        {
            if (_dependents.TryGetValue(owner, out var set) && set.Remove(obj.Uid) && set.Count == 0)
            {
                _dependents.Remove(owner);
            }
        }
    }

    private ResourceType? TypeOf(StoredObject obj) =>
        catalog.Registry.All.FirstOrDefault(t => t.StorageKey == obj.StorageKey && t.IsStorageVersion);

    private void Delete(StoredObject obj, string policy)
    {
        if (TypeOf(obj) is { } type)
        {
            operations.Delete(type, obj.Key.Namespace, obj.Key.Name, new DeleteOptions { PropagationPolicy = policy, PreconditionUid = obj.Uid });
        }
    }

    private void RemoveFinalizer(StoredObject obj, string finalizer)
    {
        if (TypeOf(obj) is { } type)
        {
            operations.RemoveFinalizer(type, obj.Key.Namespace, obj.Key.Name, finalizer);
        }
    }

    private void RemoveOwner(StoredObject obj, string ownerUid)
    {
        if (TypeOf(obj) is not { } type)
        {
            return;
        }

        operations.Patch(type, obj.Key.Namespace, obj.Key.Name, live =>
        {
            var metadata = ObjectMetadata.Of(live!);
            if (metadata["ownerReferences"] is System.Text.Json.Nodes.JsonArray owners)
            {
                foreach (var owner in owners.Where(o => o?["uid"]?.GetValue<string>() == ownerUid).ToList())
                {
                    owners.Remove(owner);
                }

                if (owners.Count == 0)
                {
                    metadata.Remove("ownerReferences");
                }
            }

            return live!;
        }, WriteOptions.Default);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Garbage collection of {Key} failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string key);
}
