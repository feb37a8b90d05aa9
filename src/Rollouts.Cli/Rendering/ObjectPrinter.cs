using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Rollouts.Api.Crds;

namespace Rollouts.Cli.Rendering;

/// <summary><c>-o json</c> and <c>-o yaml</c>: objects as the API server returned them; several as a v1 List.</summary>
internal static class ObjectPrinter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Print<T>(T item, JsonTypeInfo<T> typeInfo, string format) =>
        Write(JsonSerializer.SerializeToNode(item, typeInfo), format);

    public static string PrintList<T>(IEnumerable<T> items, JsonTypeInfo<T> typeInfo, string format) =>
        Write(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "List",
            ["items"] = new JsonArray([.. items.Select(i => JsonSerializer.SerializeToNode(i, typeInfo))]),
        }, format);

    private static string Write(JsonNode? node, string format) =>
        format == "yaml" ? YamlWriter.Write(node) : node?.ToJsonString(Indented) + "\n";
}
