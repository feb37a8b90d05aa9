using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Storage;

/// <summary>
/// One object as stored: its serialized JSON (immutable, shared by lists and watches without copying) and
/// the metadata the server needs to filter and collect it without parsing the JSON again.
/// </summary>
public sealed class StoredObject
{
    private StoredObject(string storageKey, ObjectKey key, byte[] json, JsonObject obj, JsonObject metadata, long resourceVersion)
    {
        StorageKey = storageKey;
        Key = key;
        Json = json;
        ResourceVersion = resourceVersion;
        Uid = metadata["uid"]?.GetValue<string>() ?? "";
        ApiVersion = obj["apiVersion"]?.GetValue<string>() ?? "";
        Labels = ReadStringMap(metadata["labels"]);
        Finalizers = metadata["finalizers"] is JsonArray finalizers
            ? [.. finalizers.Select(f => f?.GetValue<string>() ?? "")]
            : [];
        IsDeleting = metadata["deletionTimestamp"] is not null;
        OwnerUids = metadata["ownerReferences"] is JsonArray owners
            ? [.. owners.Select(o => o?["uid"]?.GetValue<string>() ?? "").Where(u => u.Length > 0)]
            : [];
    }

    /// <summary>The collection: <see cref="Resources.ResourceType.StorageKey"/>.</summary>
    public string StorageKey { get; }
    public ObjectKey Key { get; }
    public byte[] Json { get; }
    public long ResourceVersion { get; }
    public string Uid { get; }
    /// <summary>The apiVersion the object was written at (custom resources may be served at several).</summary>
    public string ApiVersion { get; }
    public ImmutableDictionary<string, string> Labels { get; }
    public ImmutableArray<string> Finalizers { get; }
    public ImmutableArray<string> OwnerUids { get; }
    public bool IsDeleting { get; }

    /// <summary>Freezes an object: the caller has already set metadata.resourceVersion to <paramref name="resourceVersion"/>.</summary>
    public static StoredObject From(string storageKey, JsonObject obj, long resourceVersion)
    {
        var metadata = obj["metadata"] as JsonObject ?? [];
        var key = new ObjectKey(metadata["namespace"]?.GetValue<string>() ?? "", metadata["name"]?.GetValue<string>() ?? "");
        return new StoredObject(storageKey, key, SandboxJson.ToUtf8Bytes(obj), obj, metadata, resourceVersion);
    }

    /// <summary>A fresh mutable copy of the object.</summary>
    public JsonObject ToJsonObject() => JsonNode.Parse(Json)!.AsObject();

    private static ImmutableDictionary<string, string> ReadStringMap(JsonNode? node)
    {
        if (node is not JsonObject map || map.Count == 0)
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map)
        {
            builder[k] = v?.GetValue<string>() ?? "";
        }

        return builder.ToImmutable();
    }
}
