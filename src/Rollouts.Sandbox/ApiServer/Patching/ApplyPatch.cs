using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>What a server-side apply request says besides its body.</summary>
public sealed record ApplyRequest
{
    /// <summary>The kind of the resource the request is for.</summary>
    public required string Kind { get; init; }

    /// <summary>Built-in kinds merge lists by the keys of <see cref="StrategicMergeKeys"/>; custom resources replace them.</summary>
    public required bool BuiltIn { get; init; }

    /// <summary>The <c>fieldManager</c> query parameter: who applies.</summary>
    public required string FieldManager { get; init; }

    /// <summary>The <c>force</c> query parameter: take fields other managers own instead of failing with 409.</summary>
    public bool Force { get; init; }

    /// <summary>The group/version the request was served at; the body must name it. Empty: take the body's.</summary>
    public string ApiVersion { get; init; } = "";

    /// <summary>When the apply happens, for the managedFields entry.</summary>
    public DateTimeOffset Now { get; init; }

    /// <summary>True on the main endpoint of a kind with a status subresource: the body's status is neither applied nor owned.</summary>
    public bool IgnoreStatus { get; init; }
}

/// <summary>
/// Server-side apply (<c>application/apply-patch+yaml</c>), as a merge: the applied configuration is merged into
/// the live object (lists by key where <see cref="StrategicMergeKeys"/> gives one, replaced otherwise) and the
/// fields it sets become the field manager's in <c>metadata.managedFields</c>. Fields the manager applied before
/// and no longer applies are removed unless another manager owns them. Changing the value of a field another
/// manager owns is a 409 Conflict naming the manager and the field, unless forced, which takes the field over, or
/// forgiven by <see cref="LastAppliedUpgrade"/> when kubectl moves an object from client-side apply.
/// </summary>
public static class ApplyPatch
{
    /// <summary>The object after the apply, as a new node; null <paramref name="live"/> creates it.</summary>
    public static JsonObject Apply(JsonObject? live, JsonNode? applied, ApplyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = CheckedConfiguration(applied, request);
        var rules = request.BuiltIn ? StrategicMergeKeys.For(request.Kind) : StrategicMergeKeys.Metadata;
        var appliedFields = ObjectFields.Of(config, rules);

        var entries = ManagedFieldsEntry.Read(live);
        var mine = entries.FirstOrDefault(entry => entry.Is(request.FieldManager, ManagedFieldsEntry.ApplyOperation));
        TakeOverConflicts(live, config, appliedFields, entries, request, rules);

        var before = ManagedFields.WithoutManagedFields(live);
        var result = (JsonObject?)before?.DeepClone() ?? [];
        Merge(result, config, "", rules);
        if (mine is not null)
        {
            var others = new FieldSet();
            foreach (var entry in entries.Where(entry => entry != mine))
            {
                others.UnionWith(entry.Fields);
            }

            RemoveUnowned(result, mine.Fields, appliedFields, others);
        }

        LastAppliedUpgrade.Sync(result, config, request.FieldManager);
        var contentChanged = !JsonNode.DeepEquals(before, result);
        if (mine is null)
        {
            mine = new ManagedFieldsEntry { Manager = request.FieldManager, Operation = ManagedFieldsEntry.ApplyOperation };
            entries.Add(mine);
        }

        var apiVersion = request.ApiVersion.Length > 0 ? request.ApiVersion : config["apiVersion"]?.GetValue<string>() ?? "";
        if (contentChanged || mine.Time is null || mine.ApiVersion != apiVersion || !mine.Fields.SetEquals(appliedFields))
        {
            mine.Time = ManagedFieldsEntry.FormatTime(request.Now);
        }

        mine.ApiVersion = apiVersion;
        mine.Fields = appliedFields;
        ManagedFieldsEntry.Write(result, entries);
        return result;
    }

    private static JsonObject CheckedConfiguration(JsonNode? applied, ApplyRequest request)
    {
        if (applied is not JsonObject body)
        {
            throw ApiError.BadRequest("an apply patch must be an object (YAML or JSON)");
        }

        if (body["metadata"] is JsonObject metadata && metadata.ContainsKey("managedFields"))
        {
            throw ApiError.BadRequest("metadata.managedFields must be nil");
        }

        var version = body["apiVersion"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
        if (request.ApiVersion.Length > 0 && version != request.ApiVersion)
        {
            throw ApiError.BadRequest(
                $"Incorrect version specified in apply patch. Specified patch version: {version}, expected: {request.ApiVersion}");
        }

        var config = (JsonObject)WithoutNulls(body)!;
        if (request.IgnoreStatus)
        {
            config.Remove("status");
        }

        return config;
    }

    /// <summary>Fails with 409 when the apply changes fields other managers own; with force, takes them from those managers.</summary>
    private static void TakeOverConflicts(JsonObject? live, JsonObject config, FieldSet appliedFields,
        List<ManagedFieldsEntry> entries, ApplyRequest request, ListMergeRules rules)
    {
        if (live is null)
        {
            return;
        }

        var conflicts = new List<(ManagedFieldsEntry Owner, IReadOnlyList<string> Path)>();
        foreach (var path in appliedFields.Paths())
        {
            if (appliedFields.Find(path)!.HasChildren || !ObjectFields.TryGet(live, path, out var liveValue))
            {
                continue;
            }

            ObjectFields.TryGet(config, path, out var appliedValue);
            if (JsonNode.DeepEquals(liveValue, appliedValue))
            {
                continue;
            }

            conflicts.AddRange(entries
                .Where(entry => !entry.Is(request.FieldManager, ManagedFieldsEntry.ApplyOperation) && entry.Fields.Contains(path))
                .Select(entry => (entry, path)));
        }

        if (conflicts.Count == 0)
        {
            return;
        }

        var unforgiven = LastAppliedUpgrade.Unforgiven(live, request.FieldManager, conflicts, c => c.Path, rules);
        if (!request.Force && unforgiven.Count > 0)
        {
            throw ConflictError(unforgiven);
        }

        foreach (var (owner, path) in conflicts)
        {
            owner.Fields.Remove(path);
        }
    }

    private static ApiError ConflictError(List<(ManagedFieldsEntry Owner, IReadOnlyList<string> Path)> conflicts)
    {
        var causes = conflicts
            .Select(c => new StatusCause("FieldManagerConflict", $"conflict with {c.Owner.Describe()}", FieldSet.Describe(c.Path)))
            .ToList();
        string message;
        if (conflicts.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {conflicts[0].Owner.Describe()}: {causes[0].Field}";
        }
        else
        {
            var groups = conflicts
                .GroupBy(c => c.Owner.Describe())
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => $"conflicts with {group.Key}:\n"
                    + string.Join("\n", group.Select(c => $"- {FieldSet.Describe(c.Path)}")));
            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", groups)}";
        }

        return new ApiError(409, "Conflict", message, causes: [.. causes]);
    }

    /// <summary>Merges the applied configuration into the object: objects field by field, keyed lists item by item.</summary>
    private static void Merge(JsonObject target, JsonObject config, string path, ListMergeRules rules)
    {
        foreach (var (name, value) in config)
        {
            var childPath = ListMergeRules.Child(path, name);
            switch (target[name], value)
            {
                case (JsonObject existing, JsonObject applied):
                    Merge(existing, applied, childPath, rules);
                    break;
                case (JsonArray existing, JsonArray applied) when rules.Lookup(childPath) is { } rule
                    && ObjectFields.IsKeyable(applied, rule):
                    target[name] = MergeList(existing, applied, rule, childPath, rules);
                    break;
                default:
                    target[name] = value?.DeepClone();
                    break;
            }
        }
    }

    /// <summary>
    /// Merges a keyed or set list item by item. The result keeps the applied items in the applied order and the
    /// live-only items where they stood among them, as server-side apply orders merged lists.
    /// </summary>
    private static JsonArray MergeList(JsonArray existing, JsonArray applied, ListMergeRule rule, string path, ListMergeRules rules)
    {
        var liveKeys = existing.Select(item => ObjectFields.ItemStep(item, rule)).ToList();
        var appliedKeys = applied.Select(item => ObjectFields.ItemStep(item, rule)!).ToList();
        var inApplied = appliedKeys.ToHashSet(StringComparer.Ordinal);
        var shared = new Queue<string>(appliedKeys.Where(key => liveKeys.Contains(key)));
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var result = new JsonArray();
        int l = 0, r = 0;

        void EmitApplied()
        {
            var key = appliedKeys[r];
            var liveIndex = liveKeys.IndexOf(key);
            if (liveIndex >= 0 && existing[liveIndex] is JsonObject liveItem && applied[r] is JsonObject config)
            {
                var merged = (JsonObject)liveItem.DeepClone();
                Merge(merged, config, path, rules);
                result.Add(merged);
            }
            else
            {
                result.Add(applied[r]?.DeepClone());
            }

            emitted.Add(key);
            if (shared.TryPeek(out var next) && next == key)
            {
                shared.Dequeue();
            }

            r++;
        }

        while (l < existing.Count || r < applied.Count)
        {
            if (l < existing.Count)
            {
                var key = liveKeys[l];
                if (key is null || !inApplied.Contains(key))
                {
                    result.Add(existing[l]?.DeepClone());
                    l++;
                    continue;
                }

                if (emitted.Contains(key) || (r < applied.Count && appliedKeys[r] != key && (!shared.TryPeek(out var next) || next != key)))
                {
                    l++; // taken, or to be taken, in the applied order
                    continue;
                }

                if (r < applied.Count && appliedKeys[r] == key)
                {
                    l++;
                }
            }

            if (r < applied.Count)
            {
                EmitApplied();
            }
            else
            {
                l++;
            }
        }

        return result;
    }

    /// <summary>
    /// Removes what the manager applied before (<paramref name="previous"/>) and applies no longer
    /// (<paramref name="current"/>), unless another manager owns it; objects emptied by this are removed too.
    /// </summary>
    private static void RemoveUnowned(JsonNode target, FieldSet previous, FieldSet? current, FieldSet? others)
    {
        foreach (var (step, before) in previous.Children.ToList())
        {
            if (!ObjectFields.TryStep(target, step, out var value))
            {
                continue;
            }

            var now = current?.Child(step);
            var elsewhere = others?.Child(step);
            if (before.Owned && (now is null || now.IsEmpty) && (elsewhere is null || elsewhere.IsEmpty))
            {
                ObjectFields.RemoveStep(target, step);
                continue;
            }

            if (before.HasChildren && value is (JsonObject or JsonArray))
            {
                var wasEmpty = IsEmptyContainer(value);
                RemoveUnowned(value, before, now, elsewhere);
                if (!wasEmpty && IsEmptyContainer(value) && !(now?.Owned ?? false) && !(elsewhere?.Owned ?? false))
                {
                    ObjectFields.RemoveStep(target, step);
                }
            }
        }
    }

    private static bool IsEmptyContainer(JsonNode? node) => node is JsonObject { Count: 0 } or JsonArray { Count: 0 };

    /// <summary>A copy without null object members: in an apply, null means "not set by me".</summary>
    private static JsonNode? WithoutNulls(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .Where(entry => entry.Value is not null)
            .Select(entry => KeyValuePair.Create(entry.Key, WithoutNulls(entry.Value)))),
        JsonArray list => new JsonArray([.. list.Select(WithoutNulls)]),
        _ => node?.DeepClone(),
    };
}
