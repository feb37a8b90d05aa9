using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>
/// Reads an object as a <see cref="FieldSet"/> and walks <see cref="FieldSet"/> steps over JSON: the fields an
/// object sets, as server-side apply counts them. Identity and server-kept metadata (apiVersion, kind, name,
/// namespace, uid, resourceVersion, ...) belong to nobody.
/// </summary>
internal static class ObjectFields
{
    private static readonly HashSet<string> UnownedRootFields = ["apiVersion", "kind"];

    private static readonly HashSet<string> UnownedMetadataFields =
    [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "managedFields", "selfLink",
    ];

    /// <summary>The fields an object sets; a list merging by key or as a set is owned item by item, others whole.</summary>
    public static FieldSet Of(JsonObject obj, ListMergeRules rules)
    {
        var set = new FieldSet();
        AddObject(set, obj, "", rules);
        return set;
    }

    /// <summary>The step that names a list item: by merge key, or by value in a set; null when the item has no key.</summary>
    public static string? ItemStep(JsonNode? item, ListMergeRule rule)
    {
        if (rule.IsPrimitiveSet)
        {
            return item is JsonValue ? $"v:{item.ToJsonString()}" : null;
        }

        return item is JsonObject map && map[rule.MergeKey!] is JsonValue key
            ? $"k:{new JsonObject { [rule.MergeKey!] = key.DeepClone() }.ToJsonString()}"
            : null;
    }

    /// <summary>True when every item of the list can be named by <see cref="ItemStep"/>.</summary>
    public static bool IsKeyable(JsonArray list, ListMergeRule rule) => list.All(item => ItemStep(item, rule) is not null);

    public static bool TryGet(JsonNode? root, IReadOnlyList<string> path, out JsonNode? value)
    {
        value = root;
        foreach (var step in path)
        {
            if (!TryStep(value, step, out value))
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryStep(JsonNode? node, string step, out JsonNode? value)
    {
        value = null;
        var index = Locate(node, step);
        if (index is null)
        {
            return false;
        }

        value = node switch
        {
            JsonObject obj => obj[step[2..]],
            JsonArray list => list[index.Value],
            _ => null,
        };
        return true;
    }

    /// <summary>Removes the field or list item a step names; false when it is not there.</summary>
    public static bool RemoveStep(JsonNode node, string step)
    {
        var index = Locate(node, step);
        switch (node)
        {
            case JsonObject obj when index is not null:
                return obj.Remove(step[2..]);
            case JsonArray list when index is not null:
                list.RemoveAt(index.Value);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Where a step lands in a node: 0 for an object field that exists, the item's index in a list; null when absent.</summary>
    private static int? Locate(JsonNode? node, string step)
    {
        if (step.Length < 2 || step[1] != ':')
        {
            return null;
        }

        var body = step[2..];
        switch (node, step[0])
        {
            case (JsonObject obj, 'f'):
                return obj.ContainsKey(body) ? 0 : null;
            case (JsonArray list, 'i'):
                return int.TryParse(body, out var i) && i >= 0 && i < list.Count ? i : null;
            case (JsonArray list, 'v'):
                var wanted = JsonNode.Parse(body);
                return FirstIndex(list, item => JsonNode.DeepEquals(item, wanted));
            case (JsonArray list, 'k'):
                if (JsonNode.Parse(body) is not JsonObject keys)
                {
                    return null;
                }

                return FirstIndex(list, item => item is JsonObject map
                    && keys.All(key => JsonNode.DeepEquals(map[key.Key], key.Value)));
            default:
                return null;
        }
    }

    private static int? FirstIndex(JsonArray list, Func<JsonNode?, bool> match)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (match(list[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static void AddObject(FieldSet set, JsonObject obj, string path, ListMergeRules rules)
    {
        foreach (var (name, value) in obj)
        {
            if (value is null || IsUnowned(path, name))
            {
                continue;
            }

            var child = new FieldSet();
            if (AddValue(child, value, ListMergeRules.Child(path, name), rules))
            {
                set.Attach($"f:{name}", child);
            }
        }
    }

    /// <summary>Fills the node for one value; false when the value sets nothing (an object of nulls).</summary>
    private static bool AddValue(FieldSet node, JsonNode value, string path, ListMergeRules rules)
    {
        switch (value)
        {
            case JsonObject obj when obj.Count > 0:
                AddObject(node, obj, path, rules);
                return node.HasChildren;
            case JsonArray list when list.Count > 0 && rules.Lookup(path) is { } rule && IsKeyable(list, rule):
                foreach (var item in list)
                {
                    var itemNode = node.GetOrAdd(ItemStep(item, rule)!);
                    itemNode.Owned = true;
                    if (item is JsonObject map)
                    {
                        AddObject(itemNode, map, path, rules);
                    }
                }

                return true;
            default:
                node.Owned = true;
                return true;
        }
    }

    private static bool IsUnowned(string path, string name) => path switch
    {
        "" => UnownedRootFields.Contains(name),
        "metadata" => UnownedMetadataFields.Contains(name),
        _ => false,
    };
}
