using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>What a write other than apply (create, update, patch) says about who made it.</summary>
public sealed record UpdateRequest
{
    public required string Kind { get; init; }
    public required bool BuiltIn { get; init; }

    /// <summary>The <c>fieldManager</c> of the write (the real server derives one from the user agent when absent); empty records no owner.</summary>
    public string? FieldManager { get; init; }

    /// <summary>The group/version the request was served at.</summary>
    public required string ApiVersion { get; init; }

    public DateTimeOffset Now { get; init; }

    /// <summary>"status" or "scale" for a write to a subresource: its entry says so, and the body's managedFields are ignored.</summary>
    public string? Subresource { get; init; }
}

/// <summary>Keeps <c>metadata.managedFields</c> true across writes that are not server-side apply.</summary>
public static class ManagedFields
{
    /// <summary>
    /// The written object with its managedFields brought up to date: the fields the write added or changed become
    /// the writer's (an "Update" entry) and are taken from every other manager, and fields that no longer exist are
    /// owned by nobody. Other managers keep what the write left alone. As on the real server, managedFields in the
    /// written object replace the stored ones when they are not empty (how kubectl hands client-side apply's fields
    /// over to server-side apply), a single empty entry (<c>[{}]</c>) strips them all, and a subresource write
    /// keeps the stored ones.
    /// </summary>
    /// <param name="before">The stored object before the write; null on create.</param>
    /// <param name="after">The object about to be stored.</param>
    public static JsonObject RecordUpdate(JsonObject? before, JsonObject after, UpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(request);
        var rules = request.BuiltIn ? StrategicMergeKeys.For(request.Kind) : StrategicMergeKeys.Metadata;
        var sent = request.Subresource is null ? after["metadata"]?["managedFields"] as JsonArray : null;
        var previous = WithoutManagedFields(before);
        var result = WithoutManagedFields(after)!;
        if (sent is [JsonObject { Count: 0 }])
        {
            return result;
        }

        var entries = sent is { Count: > 0 } ? ManagedFieldsEntry.Read(after) : ManagedFieldsEntry.Read(before);

        var present = ObjectFields.Of(result, rules);
        var changed = new FieldSet();
        foreach (var path in present.Paths())
        {
            if (!ObjectFields.TryGet(previous, path, out var old))
            {
                Add(changed, path);
                continue;
            }

            if (present.Find(path)!.HasChildren)
            {
                continue;
            }

            ObjectFields.TryGet(result, path, out var current);
            if (!JsonNode.DeepEquals(old, current))
            {
                Add(changed, path);
            }
        }

        foreach (var entry in entries)
        {
            entry.Fields.IntersectWith(present);
        }

        if (!string.IsNullOrEmpty(request.FieldManager) && !changed.IsEmpty)
        {
            var changedPaths = changed.Paths().ToList();
            foreach (var entry in entries)
            {
                changedPaths.ForEach(entry.Fields.Remove);
            }

            var mine = entries.FirstOrDefault(entry =>
                entry.Manager == request.FieldManager && entry.Operation == ManagedFieldsEntry.UpdateOperation
                && entry.ApiVersion == request.ApiVersion && (entry.Subresource ?? "") == (request.Subresource ?? ""));
            if (mine is null)
            {
                mine = new ManagedFieldsEntry
                {
                    Manager = request.FieldManager,
                    Operation = ManagedFieldsEntry.UpdateOperation,
                    ApiVersion = request.ApiVersion,
                    Subresource = request.Subresource,
                };
                entries.Add(mine);
            }

            mine.Fields.UnionWith(changed);
            mine.Time = ManagedFieldsEntry.FormatTime(request.Now);
        }

        ManagedFieldsEntry.Write(result, entries);
        return result;
    }

    private static void Add(FieldSet set, IReadOnlyList<string> path)
    {
        var node = set;
        foreach (var step in path)
        {
            node = node.GetOrAdd(step);
        }

        node.Owned = true;
    }

    internal static JsonObject? WithoutManagedFields(JsonObject? obj)
    {
        if (obj is null)
        {
            return null;
        }

        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        return copy;
    }
}
