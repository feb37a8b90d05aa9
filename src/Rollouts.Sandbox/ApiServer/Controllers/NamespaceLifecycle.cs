using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Controllers;

/// <summary>
/// A namespace being deleted is Terminating: everything in it is deleted, and when nothing is left its
/// "kubernetes" finalizer is removed and the namespace goes, as the real namespace controller does.
/// </summary>
internal sealed partial class NamespaceLifecycle(ObjectStore store, ResourceOperations operations, ResourceCatalog catalog, ILogger logger)
{
    private readonly HashSet<string> _terminating = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var changes = store.Subscribe(storageKey: null, capacity: int.MaxValue);
        foreach (var ns in changes.StartState.Collection("namespaces").Values.Where(n => n.IsDeleting))
        {
            Terminate(ns.Key.Name);
        }

        while (await changes.ReadAsync(cancellationToken).ConfigureAwait(false) is { } change)
        {
            try
            {
                if (change.StorageKey == "namespaces")
                {
                    if (change.Type != StoreEventType.Deleted && change.Object.IsDeleting && _terminating.Add(change.Object.Key.Name))
                    {
                        Terminate(change.Object.Key.Name);
                    }
                    else if (change.Type == StoreEventType.Deleted)
                    {
                        _terminating.Remove(change.Object.Key.Name);
                    }
                }
                else if (change.Type == StoreEventType.Deleted && _terminating.Contains(change.Object.Key.Namespace))
                {
                    FinishIfEmpty(change.Object.Key.Namespace);
                }
            }
            catch (ApiError e) when (e.Code is 404 or 409)
            {
                // Changed meanwhile; a later change brings it back.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailure(logger, e, change.Object.Key.ToString());
            }
        }
    }

    private void Terminate(string ns)
    {
        _terminating.Add(ns);
        var state = store.State;
        foreach (var type in NamespacedTypes())
        {
            foreach (var obj in state.Objects(type.StorageKey, ns).Where(o => !o.IsDeleting))
            {
                try
                {
                    operations.Delete(type, ns, obj.Key.Name, DeleteOptions.Default);
                }
                catch (ApiError e) when (e.Code == 404)
                {
                }
            }
        }

        FinishIfEmpty(ns);
    }

    private void FinishIfEmpty(string ns)
    {
        var state = store.State;
        if (NamespacedTypes().Any(t => state.Objects(t.StorageKey, ns).Any()))
        {
            return;
        }

        var namespaces = catalog.Registry.Find("", "v1", "namespaces")!;
        operations.Patch(namespaces, null, ns, live =>
        {
            if (live!["spec"] is JsonObject spec)
            {
                spec.Remove("finalizers");
            }

            return live;
        }, WriteOptions.Default);
    }

    private IEnumerable<ResourceType> NamespacedTypes() =>
        catalog.Registry.All.Where(t => t.Namespaced && t.IsStorageVersion).DistinctBy(t => t.StorageKey);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Namespace cleanup after a change of {Key} failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string key);
}
