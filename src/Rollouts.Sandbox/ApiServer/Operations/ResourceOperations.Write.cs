using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Operations;

public sealed partial class ResourceOperations
{
    /// <summary>
    /// Read, compute, compare-and-swap, retrying when another write came first. A write that changes
    /// nothing keeps the resourceVersion and sends no event. An object being deleted whose last finalizer
    /// goes away is removed.
    /// </summary>
    internal WriteResult Write(ResourceType type, ObjectKey key, bool dryRun, Func<StoredObject?, WriteIntent> compute)
    {
        while (true)
        {
            var current = _store.Get(type.StorageKey, key);
            var intent = compute(current);
            if (!intent.Delete && current is not null)
            {
                if (Unchanged(current, intent.Object))
                {
                    return new WriteResult(current, Created: false, Changed: false, Deleted: false);
                }

                if (current.IsDeleting && IsEmpty(ObjectMetadata.Of(intent.Object)["finalizers"])
                    && !(type.Group.Length == 0 && type.Kind == "Namespace" && !IsEmpty(intent.Object["spec"]?["finalizers"])))
                {
                    intent = WriteIntent.Remove(intent.Object);
                }
            }

            _hooks.BeforeCommit(type, current, intent);
            if (dryRun)
            {
                return new WriteResult(StoredObject.From(type.StorageKey, intent.Object, current?.ResourceVersion ?? 0),
                    Created: current is null, Changed: true, Deleted: intent.Delete);
            }

            var committed = _store.TryCommit(type.StorageKey, key, current, intent.Object, intent.Delete);
            if (committed is null)
            {
                continue;
            }

            _hooks.AfterCommit(type, current, committed, intent.Delete);
            return new WriteResult(committed, Created: current is null, Changed: true, Deleted: intent.Delete);
        }
    }

    private static bool Unchanged(StoredObject current, JsonObject next)
    {
        var stored = current.ToJsonObject();
        ObjectMetadata.Of(stored).Remove("resourceVersion");
        var metadata = ObjectMetadata.Of(next);
        metadata.TryGetPropertyValue("resourceVersion", out var requested);
        metadata.Remove("resourceVersion");
        var same = JsonNode.DeepEquals(stored, next);
        if (requested is not null)
        {
            metadata["resourceVersion"] = requested;
        }

        return same;
    }

    private static bool IsEmpty(JsonNode? list) => list is not JsonArray array || array.Count == 0;
}
