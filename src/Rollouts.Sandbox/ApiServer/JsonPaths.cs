using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer;

/// <summary>Simple dotted paths (".spec.replicas") into JSON objects, as CRD scale subresources declare them.</summary>
public static class JsonPaths
{
    public static JsonNode? Get(JsonNode? root, string path)
    {
        var node = root;
        foreach (var part in Split(path))
        {
            node = (node as JsonObject)?[part];
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = Split(path);
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (node[parts[i]] is not JsonObject child)
            {
                child = [];
                node[parts[i]] = child;
            }

            node = child;
        }

        node[parts[^1]] = value;
    }

    private static string[] Split(string path) => path.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries);
}
