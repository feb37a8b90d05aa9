using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Schema;

namespace Rollouts.Sandbox.Tests.ApiServer.Schema;

/// <summary>Small helpers that keep the schema specs short: JSON in, readable causes out.</summary>
internal static class SchemaKit
{
    public const string CrdPath = "spec.versions[0].schema.openAPIV3Schema";

    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonNode Json(string json) => JsonNode.Parse(json)!;

    public static StructuralSchema Compile(string schemaJson) => StructuralSchema.Compile(Element(schemaJson), CrdPath);

    /// <summary>A resource schema whose spec has one field, <c>spec.x</c>, with the given schema.</summary>
    public static StructuralSchema SpecField(string fieldSchemaJson) => 
        Spec("""{"type": "object", "properties": {"x": """ + fieldSchemaJson + "}}");

    /// <summary>A resource schema whose spec has the given schema.</summary>
    public static StructuralSchema Spec(string specSchemaJson) => Compile($$$"""
        {"type": "object", "properties": {"spec": {{{specSchemaJson}}}}}
        """);

    /// <summary>Each cause as one line: <c>Reason field: message</c>.</summary>
    public static string[] Describe(IEnumerable<StatusCause> causes) =>
        [.. causes.Select(c => $"{c.Reason} {c.Field}: {c.Message}")];

    public static void AssertJsonEqual(string expectedJson, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(Json(expectedJson), actual),
            $"expected {Json(expectedJson).ToJsonString()}\n but was {actual.ToJsonString()}");
}
