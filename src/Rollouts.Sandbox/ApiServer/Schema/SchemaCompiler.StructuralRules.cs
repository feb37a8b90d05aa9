using System.Collections.Immutable;
using System.Text.Json;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// The rules a CRD schema must follow for the real server to accept it: only supported keywords, a type
/// on every structural node, value validations (allOf, anyOf, oneOf, not) that do not change the shape,
/// and consistent Kubernetes extensions. Each broken rule is one cause, worded as the server words it.
/// </summary>
internal sealed partial class SchemaCompiler
{
    private static readonly string[] SupportedTypes = ["array", "boolean", "integer", "number", "object", "string"];
    private static readonly string[] UnsupportedKeywords =
        ["id", "$schema", "additionalItems", "patternProperties", "definitions", "dependencies"];

    private void CheckUnsupportedKeywords(JsonElement schema, Place at)
    {
        foreach (var keyword in UnsupportedKeywords)
        {
            if (schema.TryGetProperty(keyword, out _))
            {
                _errors.Add(FieldErrors.Forbidden(Child(at.Path, keyword), $"{keyword} is not supported"));
            }
        }
        if (schema.TryGetProperty("$ref", out _))
        {
            _errors.Add(FieldErrors.Forbidden(Child(at.Path, "$ref"), "$ref is not supported"));
        }
        if (schema.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
        {
            _errors.Add(FieldErrors.Forbidden(Child(at.Path, "uniqueItems"),
                "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }
        if (schema.TryGetProperty("x-kubernetes-preserve-unknown-fields", out var preserve) && preserve.ValueKind == JsonValueKind.False)
        {
            _errors.Add(FieldErrors.Invalid(Child(at.Path, "x-kubernetes-preserve-unknown-fields"), "false", "must be true or undefined"));
        }
        if (schema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            _errors.Add(FieldErrors.Forbidden(Child(at.Path, "items"), "items must be a schema object and not an array"));
        }
    }

    private void CheckType(string type, Place at)
    {
        if (type == "null")
        {
            _errors.Add(FieldErrors.Forbidden(Child(at.Path, "type"), "type cannot be set to null, use nullable as an alternative"));
        }
        if (type.Length > 0 && !SupportedTypes.Contains(type))
        {
            _errors.Add(FieldErrors.NotSupported(Child(at.Path, "type"), GoFormat.Quote(type), SupportedTypes));
        }
    }

    private void CheckResourceMetaType(string name, SchemaNode node, string path)
    {
        var expected = name switch { "kind" or "apiVersion" => "string", "metadata" => "object", _ => null };
        if (expected is not null && node.Type != expected)
        {
            _errors.Add(FieldErrors.Invalid(Child(path, "type"), GoFormat.Quote(node.Type), $"must be {expected}"));
        }
    }

    // Value validations may not say anything that changes the shape of the data.
    private void CheckNestedNode(JsonElement schema, SchemaNode node, Place at)
    {
        if (node.Type.Length > 0 && !at.TypeAllowed)
        {
            _errors.Add(FieldErrors.Forbidden(Child(at.Path, "type"), "must be empty to be structural"));
        }
        foreach (var text in (ReadOnlySpan<string>)["title", "description"])
        {
            if (schema.TryGetProperty(text, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0)
            {
                _errors.Add(FieldErrors.Forbidden(Child(at.Path, text), "must be empty to be structural"));
            }
        }
        if (node.Nullable)
        {
            _errors.Add(FieldErrors.Forbidden(Child(at.Path, "nullable"), "must be false to be structural"));
        }
        foreach (var (name, set) in (ReadOnlySpan<(string, bool)>)[
            ("x-kubernetes-preserve-unknown-fields", node.PreserveUnknownFields),
            ("x-kubernetes-embedded-resource", node.EmbeddedResource),
            ("x-kubernetes-int-or-string", node.IntOrString)])
        {
            if (set)
            {
                _errors.Add(FieldErrors.Forbidden(Child(at.Path, name), "must be false to be structural"));
            }
        }
        if (!node.ListMapKeys.IsEmpty)
        {
            _errors.Add(FieldErrors.Forbidden(Child(at.Path, "x-kubernetes-list-map-keys"), "must be empty to be structural"));
        }
        if (node.ListType is not null)
        {
            _errors.Add(FieldErrors.Forbidden(Child(at.Path, "x-kubernetes-list-type"), "must be undefined to be structural"));
        }
    }

    private void CheckStructural(SchemaNode node, Place at)
    {
        var typePath = Child(at.Path, "type");
        if (node.Type == "array" && node.Items is null)
        {
            _errors.Add(FieldErrors.Required(Child(at.Path, "items"), "must be specified"));
        }
        if (node.EmbeddedResource && node.Type != "object")
        {
            const string detail = "must be object if x-kubernetes-embedded-resource is true";
            _errors.Add(node.Type.Length == 0
                ? FieldErrors.Required(typePath, detail)
                : FieldErrors.Invalid(typePath, GoFormat.Quote(node.Type), detail));
        }
        else if (node.Type.Length == 0 && !node.IntOrString && !node.PreserveUnknownFields)
        {
            _errors.Add(FieldErrors.Required(typePath, at.Level switch
            {
                Level.Root => "must not be empty at the root",
                Level.Item => "must not be empty for specified array items",
                _ => "must not be empty for specified object fields",
            }));
        }
        if (node.EmbeddedResource && node.AllowsAdditionalProperties is not null)
        {
            _errors.Add(FieldErrors.Forbidden(Child(at.Path, "additionalProperties"), "must not be used if x-kubernetes-embedded-resource is set"));
        }
        if (at.Level == Level.Root && node.Type.Length > 0 && node.Type != "object")
        {
            _errors.Add(FieldErrors.Invalid(typePath, GoFormat.Quote(node.Type), "must be object at the root"));
        }
        if (at.Level == Level.Root && node.Property("metadata") is { } metadata && !OnlyRestrictsNames(metadata))
        {
            _errors.Add(FieldErrors.Forbidden(Key(Child(at.Path, "properties"), "metadata"),
                "must not specify anything other than name and generateName, but metadata is implicitly specified"));
        }
        if (node.EmbeddedResource && !node.PreserveUnknownFields && node.Properties.IsEmpty)
        {
            _errors.Add(FieldErrors.Required(Child(at.Path, "properties"),
                "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
        }
        if (node.IntOrString && node.PreserveUnknownFields)
        {
            _errors.Add(FieldErrors.Invalid(Child(at.Path, "x-kubernetes-preserve-unknown-fields"), "true", "must be false if x-kubernetes-int-or-string is true"));
        }
        if (node.IntOrString && node.EmbeddedResource)
        {
            _errors.Add(FieldErrors.Invalid(Child(at.Path, "x-kubernetes-embedded-resource"), "true", "must be false if x-kubernetes-int-or-string is true"));
        }
    }

    // The root's metadata schema may give it type object and restrict name and generateName, nothing else.
    private static bool OnlyRestrictsNames(SchemaNode metadata) =>
        metadata.Properties.All(p => p.Key is "name" or "generateName")
        && metadata.Required.IsEmpty && metadata.AllowsAdditionalProperties is null && metadata.Enum.IsEmpty
        && !metadata.PreserveUnknownFields && !metadata.EmbeddedResource && metadata.Default is null
        && metadata.AllOf.IsEmpty && metadata.AnyOf.IsEmpty && metadata.OneOf.IsEmpty && metadata.Not is null
        && metadata.MinProperties is null && metadata.MaxProperties is null;

    private void CheckExtensions(SchemaNode node, Place at)
    {
        var listTypePath = Child(at.Path, "x-kubernetes-list-type");
        var mapKeysPath = Child(at.Path, "x-kubernetes-list-map-keys");
        if (node.ListType is { } listType)
        {
            if (node.Type != "array")
            {
                const string detail = "must be array if x-kubernetes-list-type is specified";
                _errors.Add(node.Type.Length == 0
                    ? FieldErrors.Required(Child(at.Path, "type"), detail)
                    : FieldErrors.Invalid(Child(at.Path, "type"), GoFormat.Quote(node.Type), detail));
            }
            if (listType is not ("atomic" or "set" or "map"))
            {
                _errors.Add(FieldErrors.NotSupported(listTypePath, GoFormat.Quote(listType), ["atomic", "set", "map"]));
            }
        }
        if (!node.ListMapKeys.IsEmpty && node.ListType != "map")
        {
            const string detail = "must be map if x-kubernetes-list-map-keys is non-empty";
            _errors.Add(node.ListType is null
                ? FieldErrors.Required(listTypePath, detail)
                : FieldErrors.Invalid(listTypePath, GoFormat.Quote(node.ListType), detail));
        }
        if (node.ListType == "map")
        {
            if (node.ListMapKeys.IsEmpty)
            {
                _errors.Add(FieldErrors.Required(mapKeysPath, "must not be empty if x-kubernetes-list-type is map"));
            }
            if (node.Items is { } items && items.Type != "object")
            {
                _errors.Add(FieldErrors.Invalid(Child(Child(at.Path, "items"), "type"), GoFormat.Quote(items.Type),
                    "must be object if parent array's x-kubernetes-list-type is map"));
            }
            else if (node.Items is { } objectItems && node.ListMapKeys.Any(k => objectItems.Property(k) is null))
            {
                _errors.Add(FieldErrors.Invalid(mapKeysPath, GoSyntaxOf(node.ListMapKeys), "entries must all be names of item properties"));
            }
        }
        if (node.MapType is { } mapType)
        {
            if (node.Type != "object")
            {
                const string detail = "must be object if x-kubernetes-map-type is specified";
                _errors.Add(node.Type.Length == 0
                    ? FieldErrors.Required(Child(at.Path, "type"), detail)
                    : FieldErrors.Invalid(Child(at.Path, "type"), GoFormat.Quote(node.Type), detail));
            }
            if (mapType is not ("atomic" or "granular"))
            {
                _errors.Add(FieldErrors.NotSupported(Child(at.Path, "x-kubernetes-map-type"), GoFormat.Quote(mapType), ["atomic", "granular"]));
            }
        }
    }

    private static string GoSyntaxOf(ImmutableArray<string> values) =>
        "[]string{" + string.Join(", ", values.Select(GoFormat.Quote)) + "}";
}
