using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>), for built-in kinds: a merge patch in
/// which the lists <see cref="StrategicMergeKeys"/> names merge by key (or as sets of values) instead of being
/// replaced, steered by directives:
/// <list type="bullet">
/// <item><c>"$patch": "replace"</c> in an object replaces it whole; as a list item, replaces the list with the other items.</item>
/// <item><c>"$patch": "delete"</c> in an object removes it; as a list item, removes the item with that key.</item>
/// <item><c>"$setElementOrder/list": [...]</c> gives the final order of a merged list.</item>
/// <item><c>"$retainKeys": [...]</c> clears every field of the object not listed.</item>
/// <item><c>"$deleteFromPrimitiveList/list": [...]</c> removes values from a set list.</item>
/// <item>a null value removes the field.</item>
/// </list>
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder/";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";

    /// <summary>The target with the patch applied, as a new node; neither input is changed.</summary>
    /// <param name="target">The live object.</param>
    /// <param name="patch">The patch: a JSON object.</param>
    /// <param name="kind">The built-in kind, which says which lists merge by which key.</param>
    public static JsonNode Apply(JsonNode target, JsonNode patch, string kind)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (patch is not JsonObject patchObject)
        {
            throw ApiError.BadRequest("a strategic merge patch must be a JSON object");
        }

        var original = target as JsonObject ?? throw ApiError.BadRequest("a strategic merge patch applies only to a JSON object");
        var merger = new Merger(StrategicMergeKeys.For(kind));
        return merger.MergeMap((JsonObject)original.DeepClone(), patchObject, "") ?? [];
    }

    private sealed class Merger(ListMergeRules rules)
    {
        /// <summary>Merges the patch into <paramref name="original"/> (changed in place); null when the object is deleted.</summary>
        public JsonObject? MergeMap(JsonObject original, JsonObject patch, string path)
        {
            switch (Directive(patch, path))
            {
                case "replace":
                    return BuildMap(patch, path);
                case "delete":
                    return path.Length == 0 ? [] : null;
            }

            ApplyRetainKeys(original, patch, path);
            var handled = ApplyElementOrders(original, patch, path);

            foreach (var (name, patchValue) in patch)
            {
                if (handled.Contains(name))
                {
                    continue;
                }

                if (name.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
                {
                    DeleteFromPrimitiveList(original, name[DeleteFromPrimitiveListPrefix.Length..], patchValue, path);
                    continue;
                }

                if (name.StartsWith('$'))
                {
                    continue; // directives handled above; unknown ones are not fields
                }

                var childPath = ListMergeRules.Child(path, name);
                var originalValue = original[name];
                JsonNode? merged = (originalValue, patchValue) switch
                {
                    (_, null) => null,
                    (JsonObject originalObject, JsonObject patchObject) => MergeMap(originalObject, patchObject, childPath),
                    (JsonArray originalList, JsonArray patchList) => MergeList(originalList, patchList, childPath),
                    _ => NewValue(patchValue, childPath),
                };

                if (merged is null)
                {
                    original.Remove(name);
                }
                else if (!ReferenceEquals(merged, originalValue))
                {
                    original[name] = merged;
                }
            }

            return original;
        }

        /// <summary>The patch value as a new field value: directives applied to nothing, nulls dropped.</summary>
        private JsonNode? NewValue(JsonNode? value, string path) => value switch
        {
            JsonObject map => MergeMap([], map, path),
            JsonArray list => MergeList([], list, path),
            _ => value?.DeepClone(),
        };

        private JsonObject BuildMap(JsonObject patch, string path)
        {
            var result = new JsonObject();
            foreach (var (name, value) in patch)
            {
                if (name.StartsWith('$') || value is null)
                {
                    continue;
                }

                if (NewValue(value, ListMergeRules.Child(path, name)) is { } built)
                {
                    result[name] = built;
                }
            }

            return result;
        }

        private JsonArray MergeList(JsonArray original, JsonArray patch, string path)
        {
            var rule = rules.Lookup(path);
            if (rule is null)
            {
                return [.. patch.Where(item => !IsDirectiveOnly(item)).Select(item => NewValue(item, path))];
            }

            if (rule.IsPrimitiveSet)
            {
                return MergePrimitiveSet(original, patch);
            }

            return MergeKeyedList(original, patch, path, rule.MergeKey!);
        }

        private static JsonArray MergePrimitiveSet(JsonArray original, JsonArray patch)
        {
            var replace = patch.Any(item => item is JsonObject map && DirectiveValue(map) == "replace");
            var values = replace ? [] : original.Select(item => item?.DeepClone()).ToList();
            foreach (var item in patch)
            {
                if (item is JsonObject map && map.ContainsKey(PatchDirective))
                {
                    continue;
                }

                if (ListOrdering.IndexOf(values, item) < 0)
                {
                    values.Add(item?.DeepClone());
                }
            }

            return [.. values];
        }

        private JsonArray MergeKeyedList(JsonArray original, JsonArray patch, string path, string key)
        {
            var items = original.Select(item => item?.DeepClone()).ToList();
            var regular = new List<JsonObject>();
            var replace = false;
            foreach (var element in patch)
            {
                if (element is not JsonObject map)
                {
                    throw ApiError.BadRequest(
                        $"the list at {path} merges by \"{key}\" and takes objects, but the patch has {element?.ToJsonString() ?? "null"}");
                }

                switch (DirectiveValue(map))
                {
                    case null:
                        regular.Add(map);
                        break;
                    case "delete":
                        var doomed = KeyOf(map, key, path);
                        items.RemoveAll(item => JsonNode.DeepEquals(KeyValue(item, key), doomed));
                        break;
                    case "replace":
                        replace = true;
                        break;
                    case "merge":
                        throw ApiError.BadRequest($"merging lists cannot yet be specified in the patch (at {path})");
                    default:
                        throw UnknownDirective(map, path);
                }
            }

            if (replace)
            {
                return [.. regular.Select(map => NewValue(map, path))];
            }

            var liveOrder = items.Select(item => KeyValue(item, key)).ToList();
            foreach (var map in regular)
            {
                var value = KeyOf(map, key, path);
                var index = items.FindIndex(item => JsonNode.DeepEquals(KeyValue(item, key), value));
                if (index >= 0 && items[index] is JsonObject existing)
                {
                    items[index] = MergeMap(existing, map, path);
                }
                else if (index >= 0)
                {
                    items[index] = NewValue(map, path);
                }
                else
                {
                    items.Add(NewValue(map, path));
                }
            }

            var patchOrder = patch.Select(item => KeyValue(item, key)).ToList();
            return [.. ListOrdering.Arrange(items, patchOrder, liveOrder, item => KeyValue(item, key))];
        }

        private static JsonNode? KeyValue(JsonNode? item, string key) => (item as JsonObject)?[key];

        private static JsonNode KeyOf(JsonObject map, string key, string path) =>
            map[key] ?? throw ApiError.BadRequest($"map: {map.ToJsonString()} does not contain declared merge key: {key} (at {path})");

        /// <summary>Applies the <c>$setElementOrder/list</c> directives; returns the list fields it has merged.</summary>
        private HashSet<string> ApplyElementOrders(JsonObject original, JsonObject patch, string path)
        {
            var handled = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, orderValue) in patch)
            {
                if (!name.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var field = name[SetElementOrderPrefix.Length..];
                var listPath = ListMergeRules.Child(path, field);
                if (orderValue is not JsonArray order)
                {
                    throw ApiError.BadRequest($"{name} at {path} must be a list");
                }

                var key = rules.Lookup(listPath)?.MergeKey;
                Func<JsonNode?, JsonNode?> keyOf = key is null ? item => item : item => KeyValue(item, key);
                var orderKeys = order.Select(item => key is null ? item : KeyOf(AsMap(item, listPath), key, listPath)).ToList();

                var originalList = original[field] as JsonArray;
                var patchList = patch[field] as JsonArray;
                if (patchList is not null)
                {
                    CheckOrderMatchesPatch(patchList, orderKeys, keyOf, name, listPath);
                }

                JsonArray merged;
                if (originalList is not null && patchList is not null)
                {
                    merged = MergeList(originalList, patchList, listPath);
                }
                else if (patchList is not null)
                {
                    merged = MergeList([], patchList, listPath);
                }
                else if (originalList is not null)
                {
                    merged = originalList;
                }
                else
                {
                    continue;
                }

                var items = merged.Select(item => item?.DeepClone()).ToList();
                var liveOrder = (originalList ?? []).Select(keyOf).ToList();
                original[field] = new JsonArray([.. ListOrdering.Arrange(items, orderKeys, liveOrder, keyOf)]);
                handled.Add(field);
            }

            return handled;
        }

        /// <summary>The items of the patch list (deletions aside) must appear in $setElementOrder, in the same order.</summary>
        private static void CheckOrderMatchesPatch(JsonArray patchList, List<JsonNode?> orderKeys,
            Func<JsonNode?, JsonNode?> keyOf, string directive, string listPath)
        {
            var position = 0;
            foreach (var item in patchList)
            {
                if (item is JsonObject map && map.ContainsKey(PatchDirective))
                {
                    continue;
                }

                var key = keyOf(item);
                while (position < orderKeys.Count && !JsonNode.DeepEquals(orderKeys[position], key))
                {
                    position++;
                }

                if (position == orderKeys.Count)
                {
                    throw ApiError.BadRequest(
                        $"the order of the list at {listPath} in the patch does not match {directive}: {key?.ToJsonString() ?? "null"} is missing or out of order");
                }

                position++;
            }
        }

        private static void ApplyRetainKeys(JsonObject original, JsonObject patch, string path)
        {
            if (!patch.TryGetPropertyValue(RetainKeysDirective, out var retainValue))
            {
                return;
            }

            if (retainValue is not JsonArray retainList || retainList.Any(item => item?.GetValueKind() != System.Text.Json.JsonValueKind.String))
            {
                throw ApiError.BadRequest($"invalid patch format of retainKeys at {Where(path)}: $retainKeys must be a list of field names");
            }

            var retain = retainList.Select(item => item!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var (name, value) in patch)
            {
                if (value is not null && !name.StartsWith('$') && !retain.Contains(name))
                {
                    throw ApiError.BadRequest(
                        $"invalid patch format of retainKeys at {Where(path)}: the patch sets \"{name}\", which $retainKeys does not list");
                }
            }

            foreach (var name in original.Select(entry => entry.Key).Where(name => !retain.Contains(name)).ToList())
            {
                original.Remove(name);
            }
        }

        private static void DeleteFromPrimitiveList(JsonObject original, string field, JsonNode? values, string path)
        {
            if (values is not JsonArray doomed)
            {
                throw ApiError.BadRequest($"{DeleteFromPrimitiveListPrefix}{field} at {Where(path)} must be a list");
            }

            if (original[field] is not JsonArray list)
            {
                return;
            }

            var kept = list.Where(item => ListOrdering.IndexOf([.. doomed], item) < 0).Select(item => item?.DeepClone()).ToList();
            original[field] = new JsonArray([.. kept]);
        }

        private static string? Directive(JsonObject map, string path)
        {
            var directive = DirectiveValue(map);
            return directive switch
            {
                null or "merge" or "replace" or "delete" => directive,
                _ => throw UnknownDirective(map, path),
            };
        }

        /// <summary>The map's <c>$patch</c> directive as text (non-strings as their JSON), or null when it has none.</summary>
        private static string? DirectiveValue(JsonObject map)
        {
            if (!map.TryGetPropertyValue(PatchDirective, out var value))
            {
                return null;
            }

            return value is JsonValue text && text.TryGetValue<string>(out var directive) ? directive : value?.ToJsonString() ?? "null";
        }

        private static bool IsDirectiveOnly(JsonNode? item) =>
            item is JsonObject map && map.ContainsKey(PatchDirective) && map.Count == 1;

        private static JsonObject AsMap(JsonNode? item, string path) =>
            item as JsonObject ?? throw ApiError.BadRequest($"$setElementOrder for {path} must list objects holding the merge key");

        private static ApiError UnknownDirective(JsonObject map, string path) =>
            ApiError.BadRequest($"unknown patch type: {DirectiveValue(map)} in map: {map.ToJsonString()} (at {Where(path)})");

        private static string Where(string path) => path.Length == 0 ? "the root" : path;
    }
}
