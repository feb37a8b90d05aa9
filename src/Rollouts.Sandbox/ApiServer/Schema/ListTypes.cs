using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// Keeps the promises of <c>x-kubernetes-list-type</c>: a "set" holds no value twice, a "map" no two
/// items with the same keys. Like the real server it reports the second occurrence of each repeated
/// value (<c>spec.ports[2]: Duplicate value: map[string]interface {}{"port":80}</c>).
/// </summary>
internal static class ListTypes
{
    private const string Unspecified = "unspecified";

    public static void Validate(SchemaNode root, JsonNode resource, List<StatusCause> errors) =>
        Walk(resource, root, "", errors);

    private static void Walk(JsonNode? value, SchemaNode schema, string path, List<StatusCause> errors)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, field) in obj)
                {
                    if (schema.AdditionalProperties is { } values)
                    {
                        Walk(field, values, SchemaCompiler.Key(path, key), errors);
                    }
                    if (schema.Property(key) is { } property)
                    {
                        Walk(field, property, SchemaCompiler.Child(path, key), errors);
                    }
                }
                break;
            case JsonArray array:
                if (schema.ListType == "set")
                {
                    foreach (var i in RepeatedAt(array.Select(JsonEquality.Key).ToList()))
                    {
                        errors.Add(FieldErrors.Duplicate(SchemaCompiler.Index(path, i), GoFormat.Value(JsonData.Of(array[i]))));
                    }
                }
                else if (schema.ListType == "map")
                {
                    CheckMapKeys(array, schema, path, errors);
                }
                if (schema.Items is { } items)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], items, SchemaCompiler.Index(path, i), errors);
                    }
                }
                break;
        }
    }

    private static void CheckMapKeys(JsonArray array, SchemaNode schema, string path, List<StatusCause> errors)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not (null or JsonObject))
            {
                errors.Add(FieldErrors.Invalid(SchemaCompiler.Index(path, i), GoFormat.Value(JsonData.Of(array[i])),
                    "must be an object for an array of list-type map"));
                return;
            }
        }
        var keys = array.Select(item => ItemKey(item as JsonObject, schema.ListMapKeys)).ToList();
        // One key field: its values compare as scalars, an absent key being a value of its own.
        var texts = keys.Select(key => schema.ListMapKeys.Length != 1 ? JsonEquality.Key(key)
            : key.Count == 1 ? JsonEquality.Key(key.Single().Value) : Unspecified).ToList();
        foreach (var i in RepeatedAt(texts))
        {
            errors.Add(FieldErrors.Duplicate(SchemaCompiler.Index(path, i), GoFormat.GoSyntax(keys[i])));
        }
    }

    // The key fields an item sets, in the order the schema lists them.
    private static JsonObject ItemKey(JsonObject? item, IEnumerable<string> keyFields)
    {
        var key = new JsonObject();
        foreach (var field in keyFields)
        {
            if (item is not null && item.TryGetPropertyValue(field, out var value))
            {
                key[field] = value?.DeepClone();
            }
        }
        return key;
    }

    // The index of the second occurrence of every value that occurs more than once.
    private static IEnumerable<int> RepeatedAt(List<string> values)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            seen[values[i]] = seen.GetValueOrDefault(values[i]) + 1;
            if (seen[values[i]] == 2)
            {
                yield return i;
            }
        }
    }
}
