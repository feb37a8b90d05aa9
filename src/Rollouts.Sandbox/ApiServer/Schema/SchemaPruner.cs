using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// Drops the fields a schema does not declare, as the real server does when it decodes a custom
/// resource, and reports where they were (<c>spec.foo</c>, <c>spec.steps[0].bar</c>) so unknown
/// fields can be refused or warned about. Under <c>x-kubernetes-preserve-unknown-fields</c> unknown
/// fields stay (declared ones are still pruned inside); the resource root and embedded resources keep
/// apiVersion, kind and metadata, which belong to the server.
/// </summary>
internal static class SchemaPruner
{
    private static readonly HashSet<string> MetaFields = ["apiVersion", "kind", "metadata"];

    /// <summary>Prunes a whole resource; returns the pruned paths in order.</summary>
    public static List<string> PruneResource(SchemaNode root, JsonNode resource)
    {
        var pruned = new List<string>();
        Prune(resource, root, "", pruned, resourceRoot: true);
        pruned.Sort(StringComparer.Ordinal);
        return pruned;
    }

    /// <summary>Prunes a value on its own (a default, say); returns the pruned paths in order.</summary>
    public static List<string> PruneValue(SchemaNode schema, JsonNode? value)
    {
        var pruned = new List<string>();
        Prune(value, schema, "", pruned, resourceRoot: false);
        pruned.Sort(StringComparer.Ordinal);
        return pruned;
    }

    private static void Prune(JsonNode? value, SchemaNode? schema, string path, List<string> pruned, bool resourceRoot)
    {
        if (schema is { PreserveUnknownFields: true })
        {
            PruneDeclared(value, schema, path, pruned, resourceRoot);
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (schema is not null && (resourceRoot || schema.EmbeddedResource) && MetaFields.Contains(key))
                    {
                        continue;
                    }
                    if (schema?.Property(key) is { } property)
                    {
                        Prune(obj[key], property, Join(path, key), pruned, resourceRoot: false);
                    }
                    else if (schema?.AllowsAdditionalProperties is not null)
                    {
                        Prune(obj[key], schema.AdditionalProperties, Join(path, key), pruned, resourceRoot: false);
                    }
                    else
                    {
                        // A top-level apiVersion, kind or metadata of a plain value goes without a report.
                        if (!MetaFields.Contains(key) || path.Length > 0 || schema is null)
                        {
                            pruned.Add(Join(path, key));
                        }
                        obj.Remove(key);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], schema?.Items, $"{path}[{i}]", pruned, resourceRoot: false);
                }
                break;
        }
    }

    // Unknown fields are kept; declared fields and map values are pruned by their own schema.
    private static void PruneDeclared(JsonNode? value, SchemaNode schema, string path, List<string> pruned, bool resourceRoot)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if ((resourceRoot || schema.EmbeddedResource) && MetaFields.Contains(key))
                    {
                        continue;
                    }
                    if (schema.Property(key) is { } property)
                    {
                        Prune(obj[key], property, Join(path, key), pruned, resourceRoot: false);
                    }
                    else if (schema.AllowsAdditionalProperties is not null)
                    {
                        Prune(obj[key], schema.AdditionalProperties, Join(path, key), pruned, resourceRoot: false);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], schema.Items, $"{path}[{i}]", pruned, resourceRoot: false);
                }
                break;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
