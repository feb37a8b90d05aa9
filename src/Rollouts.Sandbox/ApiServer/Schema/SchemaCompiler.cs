using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// Reads an openAPIV3Schema into <see cref="SchemaNode"/>s and collects, with their CRD field paths
/// (<c>spec.versions[0].schema.openAPIV3Schema.properties[spec].type</c>), the problems for which the
/// real server refuses a CRD: keywords it does not support, and schemas that are not structural.
/// </summary>
internal sealed class SchemaCompiler
{
    private static readonly string[] SupportedTypes = ["array", "boolean", "integer", "number", "object", "string"];
    private static readonly string[] UnsupportedKeywords =
        ["id", "$schema", "additionalItems", "patternProperties", "definitions", "dependencies"];
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(250);

    private readonly List<StatusCause> _errors = [];

    private enum Level
    {
        Root,
        Item,
        Field,
    }

    // Where a node sits. Nested nodes (under allOf, anyOf, oneOf, not) only validate; TopLevelMeta names
    // the root's apiVersion, kind or metadata when the node describes (part of) one of them.
    private readonly record struct Place(string Path, Level Level, bool Nested, string? TopLevelMeta = null, bool TypeAllowed = false);

    /// <summary>Compiles a schema; the root is null when the schema cannot serve (errors name why).</summary>
    public static (SchemaNode? Root, IReadOnlyList<StatusCause> Errors) Compile(JsonElement schema, string fieldPath)
    {
        var compiler = new SchemaCompiler();
        var root = compiler.Node(schema, new Place(fieldPath, Level.Root, Nested: false));
        if (compiler._errors.Count == 0)
        {
            DefaultsCheck.Run(root, fieldPath, compiler._errors);
        }
        var errors = compiler._errors
            .DistinctBy(e => (e.Field, e.Message))
            .OrderBy(e => $"{e.Field}: {e.Message}", StringComparer.Ordinal)
            .ToList();
        return (errors.Count == 0 ? root : null, errors);
    }

    private SchemaNode Node(JsonElement schema, Place at)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            _errors.Add(FieldErrors.Invalid(at.Path, GoFormat.Value(schema), "must be a JSON schema object"));
            return new SchemaNode();
        }
        CheckUnsupportedKeywords(schema, at);
        var type = Text(schema, "type", at) ?? "";
        CheckType(type, at);
        var format = Text(schema, "format", at) ?? "";
        var nullable = Flag(schema, "nullable", at);
        var preserve = Flag(schema, "x-kubernetes-preserve-unknown-fields", at);
        var intOrString = Flag(schema, "x-kubernetes-int-or-string", at);
        var embedded = Flag(schema, "x-kubernetes-embedded-resource", at);
        var properties = Properties(schema, at);
        var items = Items(schema, at);
        var (allowsAdditional, additional) = AdditionalProperties(schema, at, hasProperties: !properties.IsEmpty);
        var listType = Text(schema, "x-kubernetes-list-type", at);
        var listMapKeys = Strings(schema, "x-kubernetes-list-map-keys", at);
        var (defaultValue, defaultJson) = Default(schema, at);
        var node = new SchemaNode
        {
            Type = type,
            Nullable = nullable,
            Format = format,
            CheckedFormat = StringFormats.IsChecked(format) ? format : "",
            Properties = properties,
            Required = Strings(schema, "required", at),
            Items = items,
            AllowsAdditionalProperties = allowsAdditional,
            AdditionalProperties = additional,
            Enum = schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array
                ? [.. values.EnumerateArray()]
                : [],
            Minimum = Number(schema, "minimum", at),
            ExclusiveMinimum = Flag(schema, "exclusiveMinimum", at),
            Maximum = Number(schema, "maximum", at),
            ExclusiveMaximum = Flag(schema, "exclusiveMaximum", at),
            MultipleOf = Number(schema, "multipleOf", at),
            MinLength = Count(schema, "minLength", at),
            MaxLength = Count(schema, "maxLength", at),
            MinItems = Count(schema, "minItems", at),
            MaxItems = Count(schema, "maxItems", at),
            MinProperties = Count(schema, "minProperties", at),
            MaxProperties = Count(schema, "maxProperties", at),
            Pattern = Text(schema, "pattern", at),
            PatternRegex = Pattern(schema, at),
            Default = defaultValue,
            DefaultJson = defaultJson,
            PreserveUnknownFields = preserve,
            IntOrString = intOrString,
            EmbeddedResource = embedded,
            ListType = listType,
            ListMapKeys = listMapKeys,
            MapType = Text(schema, "x-kubernetes-map-type", at),
            AllowedTypes = intOrString ? ["integer", "string"] : type.Length > 0 ? [type] : [],
            AllOf = Branches(schema, "allOf", at),
            AnyOf = Branches(schema, "anyOf", at),
            OneOf = Branches(schema, "oneOf", at),
            Not = schema.TryGetProperty("not", out var not) ? Node(not, at with { Path = Child(at.Path, "not"), Nested = true, TypeAllowed = false }) : null,
        };
        if (at.Nested)
        {
            CheckNestedNode(schema, node, at);
        }
        else
        {
            CheckStructural(node, at);
            CheckExtensions(node, at);
        }
        return node;
    }

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

    private ImmutableArray<KeyValuePair<string, SchemaNode>> Properties(JsonElement schema, Place at)
    {
        if (!schema.TryGetProperty("properties", out var properties))
        {
            return [];
        }
        var path = Child(at.Path, "properties");
        if (properties.ValueKind != JsonValueKind.Object)
        {
            _errors.Add(FieldErrors.Invalid(path, GoFormat.Value(properties), "must be an object of schemas"));
            return [];
        }
        var checkMeta = !at.Nested && (at.Level == Level.Root || Flag(schema, "x-kubernetes-embedded-resource", at));
        var result = new List<KeyValuePair<string, SchemaNode>>();
        foreach (var property in properties.EnumerateObject())
        {
            var topLevelMeta = at.Level == Level.Root && !at.Nested && IsResourceMeta(property.Name) ? property.Name : at.TopLevelMeta;
            var place = new Place(Key(path, property.Name), Level.Field, at.Nested, topLevelMeta);
            var node = Node(property.Value, place);
            if (at.Nested && property.Name == "metadata")
            {
                _errors.Add(FieldErrors.Forbidden(place.Path, "must not be specified in a nested context"));
            }
            if (checkMeta)
            {
                CheckResourceMetaType(property.Name, node, place.Path);
            }
            result.RemoveAll(p => p.Key == property.Name);
            result.Add(new(property.Name, node));
        }
        return [.. result];
    }

    private void CheckResourceMetaType(string name, SchemaNode node, string path)
    {
        var expected = name switch { "kind" or "apiVersion" => "string", "metadata" => "object", _ => null };
        if (expected is not null && node.Type != expected)
        {
            _errors.Add(FieldErrors.Invalid(Child(path, "type"), GoFormat.Quote(node.Type), $"must be {expected}"));
        }
    }

    private SchemaNode? Items(JsonElement schema, Place at) =>
        schema.TryGetProperty("items", out var items) && items.ValueKind != JsonValueKind.Array
            ? Node(items, new Place(Child(at.Path, "items"), Level.Item, at.Nested, at.TopLevelMeta))
            : null;

    private (bool? Allows, SchemaNode? Schema) AdditionalProperties(JsonElement schema, Place at, bool hasProperties)
    {
        if (!schema.TryGetProperty("additionalProperties", out var additional))
        {
            return (null, null);
        }
        var path = Child(at.Path, "additionalProperties");
        var (allows, node) = additional.ValueKind switch
        {
            JsonValueKind.True => (true, null),
            JsonValueKind.False => (false, null),
            _ => (true, Node(additional, new Place(path, Level.Field, at.Nested, at.TopLevelMeta))),
        };
        if (at.Nested)
        {
            _errors.Add(FieldErrors.Forbidden(path, "must be undefined to be structural"));
        }
        else if (hasProperties && (!allows || node is not null))
        {
            _errors.Add(FieldErrors.Forbidden(path, "additionalProperties and properties are mutual exclusive"));
        }
        else if (at.Level == Level.Root)
        {
            _errors.Add(FieldErrors.Forbidden(path, "must not be used at the root"));
        }
        return (allows, node);
    }

    private (JsonElement? Value, string? Json) Default(JsonElement schema, Place at)
    {
        if (!schema.TryGetProperty("default", out var value))
        {
            return (null, null);
        }
        if (at.Nested)
        {
            _errors.Add(FieldErrors.Forbidden(Child(at.Path, "default"), "must be undefined to be structural"));
        }
        else if (at.TopLevelMeta is { } top)
        {
            _errors.Add(FieldErrors.Forbidden(Child(at.Path, "default"), $"must not be set in top-level {top}"));
        }
        return (value, value.GetRawText());
    }

    private Regex? Pattern(JsonElement schema, Place at)
    {
        if (Text(schema, "pattern", at) is not { Length: > 0 } pattern)
        {
            return null;
        }
        try
        {
            // Linear-time matching, like the server's RE2: no backreferences, no lookaround.
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, PatternTimeout);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            _errors.Add(FieldErrors.Invalid(Child(at.Path, "pattern"), GoFormat.Quote(pattern),
                $"must be a valid regular expression, but isn't: {e.Message}"));
            return null;
        }
    }

    private ImmutableArray<SchemaNode> Branches(JsonElement schema, string keyword, Place at)
    {
        if (!schema.TryGetProperty(keyword, out var branches))
        {
            return [];
        }
        var path = Child(at.Path, keyword);
        if (branches.ValueKind != JsonValueKind.Array)
        {
            _errors.Add(FieldErrors.Invalid(path, GoFormat.Value(branches), "must be an array of schemas"));
            return [];
        }
        // anyOf: [{type: integer}, {type: string}] spells int-or-string, the one place a nested type may appear.
        var typeAllowed = keyword == "anyOf" && IsIntOrStringAnyOf(branches);
        return [.. branches.EnumerateArray().Select((branch, i) =>
            Node(branch, new Place(Index(path, i), at.Level, Nested: true, TypeAllowed: typeAllowed)))];
    }

    private static bool IsIntOrStringAnyOf(JsonElement branches) =>
        branches.GetArrayLength() == 2
        && IsOnlyType(branches[0], "integer")
        && IsOnlyType(branches[1], "string");

    private static bool IsOnlyType(JsonElement branch, string type) =>
        branch.ValueKind == JsonValueKind.Object
        && branch.EnumerateObject().Count() == 1
        && branch.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == type;

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

    private string? Text(JsonElement schema, string keyword, Place at)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }
        _errors.Add(FieldErrors.Invalid(Child(at.Path, keyword), GoFormat.Value(value), "must be a string"));
        return null;
    }

    private bool Flag(JsonElement schema, string keyword, Place at)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return false;
        }
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }
        _errors.Add(FieldErrors.Invalid(Child(at.Path, keyword), GoFormat.Value(value), "must be a boolean"));
        return false;
    }

    private double? Number(JsonElement schema, string keyword, Place at)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }
        _errors.Add(FieldErrors.Invalid(Child(at.Path, keyword), GoFormat.Value(value), "must be a number"));
        return null;
    }

    private long? Count(JsonElement schema, string keyword, Place at)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count >= 0)
        {
            return count;
        }
        _errors.Add(FieldErrors.Invalid(Child(at.Path, keyword), GoFormat.Value(value), "must be a non-negative integer"));
        return null;
    }

    private ImmutableArray<string> Strings(JsonElement schema, string keyword, Place at)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return [];
        }
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
        {
            return [.. value.EnumerateArray().Select(v => v.GetString()!)];
        }
        _errors.Add(FieldErrors.Invalid(Child(at.Path, keyword), GoFormat.Value(value), "must be an array of strings"));
        return [];
    }

    private static bool IsResourceMeta(string name) => name is "apiVersion" or "kind" or "metadata";

    internal static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    internal static string Key(string path, string key) => $"{path}[{key}]";

    internal static string Index(string path, int index) => $"{path}[{index}]";
}
