using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Operations;

/// <summary>
/// What happens beside a stored write: a CustomResourceDefinition is checked and established as it is
/// stored, so its resource is served as soon as the request answers, and deleting it removes the
/// resource with every object of it.
/// </summary>
internal sealed class ServerHooks(ResourceCatalog catalog, ObjectStore store, TimeProvider time) : IResourceHooks
{
    public void BeforeCommit(ResourceType type, StoredObject? current, WriteIntent intent)
    {
        if (IsCrd(type) && !intent.Delete)
        {
            CustomResourceDefinitionTypes.ApplyDefaults(intent.Object);
            CustomResourceDefinitionTypes.FromCrd(intent.Object);
            intent.Object["status"] = CustomResourceDefinitionTypes.CrdStatus(intent.Object, time.GetUtcNow());
        }
    }

    public void AfterCommit(ResourceType type, StoredObject? previous, StoredObject committed, bool deleted)
    {
        if (!IsCrd(type))
        {
            return;
        }

        var crd = committed.ToJsonObject();
        var types = CustomResourceDefinitionTypes.FromCrd(crd);
        if (deleted)
        {
            var served = types[0];
            catalog.Update(r => r.WithoutCustom(served.Group, served.Plural));
            DeleteAll(served.StorageKey);
        }
        else
        {
            catalog.Update(r => r.WithCustom(types));
        }
    }

    private void DeleteAll(string storageKey)
    {
        foreach (var obj in store.State.Collection(storageKey).Values)
        {
            var final = obj.ToJsonObject();
            store.TryCommit(storageKey, obj.Key, obj, final, delete: true);
        }
    }

    private static bool IsCrd(ResourceType type) =>
        type.Group == "apiextensions.k8s.io" && type.Plural == "customresourcedefinitions";
}
