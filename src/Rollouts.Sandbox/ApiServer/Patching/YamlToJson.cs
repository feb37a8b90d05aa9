using System.Text.Json.Nodes;
using Rollouts.Kubernetes.Yaml;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>
/// Reads a YAML request body (JSON is YAML too) into a JSON node with <see cref="YamlJson"/>: the first document
/// only, typed by the YAML 1.2 core schema.
/// </summary>
public static class YamlToJson
{
    /// <summary>The first document as a JSON node; null for an empty document or a YAML null.</summary>
    /// <exception cref="ApiError">400 BadRequest when the text is not YAML or holds no JSON value (e.g. .inf).</exception>
    public static JsonNode? Parse(string yaml)
    {
        try
        {
            return YamlJson.Parse(yaml);
        }
        catch (FormatException e)
        {
            throw ApiError.BadRequest($"error decoding YAML: {e.Message}");
        }
    }
}
