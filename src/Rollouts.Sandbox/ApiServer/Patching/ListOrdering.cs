using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>
/// The order of a merged list, as the real server settles it: items the patch names follow the patch's order
/// (or its <c>$setElementOrder</c>); items only the server had keep their live order and are slotted in among
/// them where the live order puts them. An item new to the list has no live position, so it goes before the
/// server-only items still waiting to be placed.
/// </summary>
internal static class ListOrdering
{
    /// <param name="items">The merged items, each with a key (its merge key's value, or itself for primitives).</param>
    /// <param name="patchOrder">Keys in the order the patch wants.</param>
    /// <param name="liveOrder">Keys in the order of the live list.</param>
    /// <param name="keyOf">The key of an item.</param>
    public static List<JsonNode?> Arrange(IReadOnlyList<JsonNode?> items, IReadOnlyList<JsonNode?> patchOrder,
        IReadOnlyList<JsonNode?> liveOrder, Func<JsonNode?, JsonNode?> keyOf)
    {
        var named = new List<(JsonNode? Item, int Position)>();
        var serverOnly = new List<(JsonNode? Item, int Position)>();
        foreach (var item in items)
        {
            var key = keyOf(item);
            var position = IndexOf(patchOrder, key);
            if (position >= 0)
            {
                named.Add((item, position));
            }
            else
            {
                var live = IndexOf(liveOrder, key);
                serverOnly.Add((item, live >= 0 ? live : int.MaxValue));
            }
        }

        var right = named.OrderBy(entry => entry.Position).Select(entry => entry.Item).ToList();
        var left = serverOnly.OrderBy(entry => entry.Position).Select(entry => entry.Item).ToList();

        var result = new List<JsonNode?>(items.Count);
        int i = 0, j = 0;
        while (i < left.Count || j < right.Count)
        {
            if (j >= right.Count)
            {
                result.Add(left[i++]);
            }
            else if (i >= left.Count)
            {
                result.Add(right[j++]);
            }
            else
            {
                var leftLive = IndexOf(liveOrder, keyOf(left[i]));
                var rightLive = IndexOf(liveOrder, keyOf(right[j]));
                result.Add(leftLive >= 0 && rightLive >= 0 && leftLive < rightLive ? left[i++] : right[j++]);
            }
        }

        return result;
    }

    /// <summary>The position of a key in a list of keys, compared as JSON values; -1 when absent.</summary>
    public static int IndexOf(IReadOnlyList<JsonNode?> keys, JsonNode? key)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (JsonNode.DeepEquals(keys[i], key))
            {
                return i;
            }
        }

        return -1;
    }
}
