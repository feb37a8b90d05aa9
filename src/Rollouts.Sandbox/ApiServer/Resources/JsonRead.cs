using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Resources;

/// <summary>Tolerant reads from untyped objects: a missing field or one of another JSON type reads as absent.</summary>
internal static class JsonRead
{
    public static JsonNode? Node(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(name, out node))
            {
                return null;
            }
        }
        return node;
    }

    public static string? String(JsonNode? node, params ReadOnlySpan<string> path) =>
        Node(node, path) is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static long? Integer(JsonNode? node, params ReadOnlySpan<string> path)
    {
        if (Node(node, path) is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }
        if (value.TryGetValue<long>(out var integer))
        {
            return integer;
        }
        return value.TryGetValue<double>(out var number) ? (long)number : ParseNumber(value.ToJsonString());
    }

    public static bool? Boolean(JsonNode? node, params ReadOnlySpan<string> path) =>
        Node(node, path) is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValue<bool>()
            : null;

    public static JsonObject? Object(JsonNode? node, params ReadOnlySpan<string> path) => Node(node, path) as JsonObject;

    /// <summary>The array at <paramref name="path"/>, or an empty array.</summary>
    public static JsonArray Array(JsonNode? node, params ReadOnlySpan<string> path) => Node(node, path) as JsonArray ?? [];

    /// <summary>The string elements of the array at <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node, params ReadOnlySpan<string> path) =>
        [.. Array(node, path).OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())];

    /// <summary>Property count of the object at <paramref name="path"/> (0 when absent).</summary>
    public static int Count(JsonNode? node, params ReadOnlySpan<string> path) => Object(node, path)?.Count ?? 0;

    private static long? ParseNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d : null;
}
