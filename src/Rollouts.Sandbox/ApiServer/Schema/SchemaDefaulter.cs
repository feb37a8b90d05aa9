using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// Applies <c>default</c> values as the real server does on create, update and read. A field gets its
/// default when it is absent, or null without being nullable; defaults reach into array items and map
/// values, and an object a default creates gets its own fields' defaults in turn. A null that is not
/// nullable and has no default is dropped first, as the server drops it when decoding.
/// </summary>
internal static class SchemaDefaulter
{
    private static readonly HashSet<string> MetaFields = ["apiVersion", "kind", "metadata"];

    /// <summary>Defaults a whole resource; apiVersion, kind and metadata are left to the server.</summary>
    public static void DefaultResource(SchemaNode root, JsonNode resource)
    {
        DropNulls(resource, root, resourceRoot: true);
        Apply(resource, root, resourceRoot: true);
    }

    /// <summary>Defaults the fields inside a value on its own (the value itself is never replaced).</summary>
    public static void DefaultValue(SchemaNode schema, JsonNode? value)
    {
        DropNulls(value, schema, resourceRoot: false);
        Apply(value, schema, resourceRoot: false);
    }

    private static void DropNulls(JsonNode? value, SchemaNode? schema, bool resourceRoot)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (resourceRoot && MetaFields.Contains(key))
                    {
                        continue;
                    }
                    var field = schema?.FieldSchema(key);
                    if (obj[key] is null && field is { Nullable: false, DefaultJson: null })
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        DropNulls(obj[key], field, resourceRoot: false);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    DropNulls(item, schema?.Items, resourceRoot: false);
                }
                break;
        }
    }

    private static void Apply(JsonNode? value, SchemaNode? schema, bool resourceRoot)
    {
        if (schema is null)
        {
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                foreach (var (name, property) in schema.Properties)
                {
                    if (property.DefaultJson is null || (resourceRoot && MetaFields.Contains(name)))
                    {
                        continue;
                    }
                    if (!obj.TryGetPropertyValue(name, out var current) || (current is null && !property.Nullable))
                    {
                        obj[name] = JsonNode.Parse(property.DefaultJson);
                    }
                }
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (resourceRoot && MetaFields.Contains(key))
                    {
                        continue;
                    }
                    if (schema.Property(key) is { } property)
                    {
                        Apply(obj[key], property, resourceRoot: false);
                    }
                    else if (schema.AllowsAdditionalProperties is not null)
                    {
                        if (DefaultFor(obj[key], schema.AdditionalProperties) is { } filled)
                        {
                            obj[key] = filled;
                        }
                        Apply(obj[key], schema.AdditionalProperties, resourceRoot: false);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (DefaultFor(array[i], schema.Items) is { } filled)
                    {
                        array[i] = filled;
                    }
                    Apply(array[i], schema.Items, resourceRoot: false);
                }
                break;
        }
    }

    // The default a null map value or array item takes when it may not be null; null when it keeps its value.
    private static JsonNode? DefaultFor(JsonNode? value, SchemaNode? schema) =>
        value is null && schema is { Nullable: false, DefaultJson: { } json } ? JsonNode.Parse(json) : null;
}
