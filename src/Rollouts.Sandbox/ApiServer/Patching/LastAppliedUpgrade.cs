using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>
/// How the real server eases an object's move from <c>kubectl apply</c> to <c>kubectl apply --server-side</c>, for
/// the field manager "kubectl" only (another manager opts out): a conflict on a field whose live value still
/// equals the one in the last-applied-configuration annotation is forgiven, the apply taking the field; and an
/// annotation already on the object is rewritten with each applied configuration, so that a later client-side
/// apply still computes the right patch.
/// </summary>
internal static class LastAppliedUpgrade
{
    public const string Annotation = "kubectl.kubernetes.io/last-applied-configuration";
    public const string Manager = "kubectl";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The conflicts the upgrade does not forgive: those on fields the annotation does not set, or whose live value
    /// someone changed since. All of them for another manager or an object without the annotation.
    /// </summary>
    public static List<T> Unforgiven<T>(JsonObject live, string manager, List<T> conflicts, Func<T, IReadOnlyList<string>> pathOf,
        ListMergeRules rules)
    {
        if (manager != Manager || Read(live) is not { } lastApplied)
        {
            return conflicts;
        }

        var applied = ObjectFields.Of(lastApplied, rules);
        return [.. conflicts.Where(conflict => !Unchanged(live, lastApplied, applied, pathOf(conflict)))];
    }

    /// <summary>Rewrites the annotation of <paramref name="result"/>, when it has one, with <paramref name="config"/>.</summary>
    public static void Sync(JsonObject result, JsonObject config, string manager)
    {
        if (manager != Manager || result["metadata"]?["annotations"] is not JsonObject annotations || !annotations.ContainsKey(Annotation))
        {
            return;
        }

        var copy = (JsonObject)config.DeepClone();
        if (copy["metadata"]?["annotations"] is JsonObject applied)
        {
            applied.Remove(Annotation);
        }

        annotations[Annotation] = Encode(copy);
    }

    /// <summary>An object as Go's encoder writes it: compact, keys sorted, &lt; &gt; &amp; escaped, ending in a newline.</summary>
    public static string Encode(JsonNode node)
    {
        var text = Sorted(node)!.ToJsonString(Compact)
            .Replace("<", "\\u003c", StringComparison.Ordinal)
            .Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal);
        return text + "\n";
    }

    private static bool Unchanged(JsonObject live, JsonObject lastApplied, FieldSet applied, IReadOnlyList<string> path) =>
        applied.Contains(path)
        && ObjectFields.TryGet(live, path, out var liveValue)
        && ObjectFields.TryGet(lastApplied, path, out var appliedValue)
        && JsonNode.DeepEquals(liveValue, appliedValue);

    private static JsonObject? Read(JsonObject live)
    {
        if (live["metadata"]?["annotations"]?[Annotation] is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(member => member.Key, StringComparer.Ordinal)
            .Select(member => KeyValuePair.Create(member.Key, Sorted(member.Value)))),
        JsonArray list => new JsonArray([.. list.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
