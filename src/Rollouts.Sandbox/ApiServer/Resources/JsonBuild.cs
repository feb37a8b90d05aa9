using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Resources;

/// <summary>Small builders for JSON documents made of nodes.</summary>
internal static class JsonBuild
{
    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    /// <summary>A group/version/kind object as discovery and OpenAPI documents carry it.</summary>
    public static JsonObject Gvk(string group, string version, string kind) => new()
    {
        ["group"] = group,
        ["version"] = version,
        ["kind"] = kind,
    };
}
