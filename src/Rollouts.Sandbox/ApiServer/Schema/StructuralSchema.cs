using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>A CRD's openAPIV3Schema, compiled once when the CRD is stored.</summary>
public sealed class StructuralSchema
{
    private StructuralSchema(JsonElement source) => Source = source;

    public JsonElement Source { get; }

    public static StructuralSchema Compile(JsonElement openApiV3Schema) => new(openApiV3Schema.Clone());

    public IReadOnlyList<StatusCause> Validate(JsonNode obj) => [];

    public void ApplyDefaults(JsonNode obj)
    {
    }

    public IReadOnlyList<string> Prune(JsonNode obj) => [];
}
