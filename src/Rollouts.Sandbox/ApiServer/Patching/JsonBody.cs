using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>Parses request bodies as JSON, refusing malformed ones with 400 BadRequest.</summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, MaxDepth = 256 };

    public static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text, nodeOptions: null, Options);
        }
        catch (JsonException e)
        {
            throw ApiError.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }
}
