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
internal sealed partial class SchemaCompiler
{
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
        var pattern = Text(schema, "pattern", at);
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
            Pattern = pattern,
            PatternRegex = CompilePattern(pattern, at),
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
            Not = schema.TryGetProperty("not", out var not)
                ? Node(not, at with { Path = Child(at.Path, "not"), Nested = true, TypeAllowed = false })
                : null,
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

    private Regex? CompilePattern(string? pattern, Place at)
    {
        if (pattern is not { Length: > 0 })
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
