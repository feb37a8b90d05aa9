using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Operations;

/// <summary>What a write wants stored: the new object, or the removal of the object (with its final form).</summary>
public sealed record WriteIntent(JsonObject Object, bool Delete)
{
    public static WriteIntent Put(JsonObject obj) => new(obj, false);

    public static WriteIntent Remove(JsonObject finalObject) => new(finalObject, true);
}

/// <summary>The outcome of a write: the object as stored (or as it would be, for a dry run).</summary>
public sealed record WriteResult(StoredObject Object, bool Created, bool Changed, bool Deleted)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Per-resource reactions the store's generic rules do not cover (CRDs register types, namespaces terminate).</summary>
public interface IResourceHooks
{
    /// <summary>Checks or completes an object about to be stored; throws ApiError to refuse it.</summary>
    void BeforeCommit(Resources.ResourceType type, StoredObject? current, WriteIntent intent);

    /// <summary>Reacts to a committed write, synchronously, before the request answers.</summary>
    void AfterCommit(Resources.ResourceType type, StoredObject? previous, StoredObject committed, bool deleted);
}
