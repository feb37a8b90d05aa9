using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// One node of a compiled CRD schema. Immutable once compiled, so one tree serves every request on
/// every thread. Nodes under <see cref="AllOf"/>, <see cref="AnyOf"/>, <see cref="OneOf"/> and
/// <see cref="Not"/> only validate; pruning and defaulting follow the structural part alone.
/// </summary>
public sealed class SchemaNode
{
    private readonly ImmutableArray<KeyValuePair<string, SchemaNode>> _properties = [];
    private readonly FrozenDictionary<string, SchemaNode> _propertyIndex = FrozenDictionary<string, SchemaNode>.Empty;

    internal SchemaNode()
    {
    }

    /// <summary>"object", "array", "string", "integer", "number", "boolean", or empty when not given.</summary>
    public string Type { get; internal init; } = "";
    public bool Nullable { get; internal init; }
    /// <summary>The format as written; only the string formats the real server knows are checked.</summary>
    public string Format { get; internal init; } = "";
    /// <summary>The format when values are checked against it, else empty.</summary>
    internal string CheckedFormat { get; init; } = "";

    /// <summary>Declared properties in the order the schema lists them.</summary>
    public ImmutableArray<KeyValuePair<string, SchemaNode>> Properties
    {
        get => _properties;
        internal init
        {
            _properties = value;
            _propertyIndex = value.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }

    public ImmutableArray<string> Required { get; internal init; } = [];
    public SchemaNode? Items { get; internal init; }
    /// <summary>
    /// <c>additionalProperties</c>: null when not given, true for <c>true</c> or a schema (the object is a
    /// map), false for <c>false</c> (no field beyond <see cref="Properties"/> is allowed).
    /// </summary>
    public bool? AllowsAdditionalProperties { get; internal init; }
    /// <summary>The schema of map values when <c>additionalProperties</c> is a schema.</summary>
    public SchemaNode? AdditionalProperties { get; internal init; }

    public ImmutableArray<JsonElement> Enum { get; internal init; } = [];
    public double? Minimum { get; internal init; }
    public bool ExclusiveMinimum { get; internal init; }
    public double? Maximum { get; internal init; }
    public bool ExclusiveMaximum { get; internal init; }
    public double? MultipleOf { get; internal init; }
    public long? MinLength { get; internal init; }
    public long? MaxLength { get; internal init; }
    public long? MinItems { get; internal init; }
    public long? MaxItems { get; internal init; }
    public long? MinProperties { get; internal init; }
    public long? MaxProperties { get; internal init; }
    public string? Pattern { get; internal init; }
    internal Regex? PatternRegex { get; init; }

    /// <summary>The <c>default</c> value, when the schema gives one.</summary>
    public JsonElement? Default { get; internal init; }
    internal string? DefaultJson { get; init; }

    public bool PreserveUnknownFields { get; internal init; }
    public bool IntOrString { get; internal init; }
    public bool EmbeddedResource { get; internal init; }
    /// <summary><c>x-kubernetes-list-type</c>: "atomic", "set" or "map"; null when not given.</summary>
    public string? ListType { get; internal init; }
    public ImmutableArray<string> ListMapKeys { get; internal init; } = [];
    /// <summary><c>x-kubernetes-map-type</c>: "granular" or "atomic"; null when not given.</summary>
    public string? MapType { get; internal init; }

    public ImmutableArray<SchemaNode> AllOf { get; internal init; } = [];
    public ImmutableArray<SchemaNode> AnyOf { get; internal init; } = [];
    public ImmutableArray<SchemaNode> OneOf { get; internal init; } = [];
    public SchemaNode? Not { get; internal init; }

    /// <summary>The schema of a declared property, or null when the property is not declared.</summary>
    public SchemaNode? Property(string name) => _propertyIndex.GetValueOrDefault(name);

    /// <summary>The schema a field of this object follows: its property, else the map value schema.</summary>
    internal SchemaNode? FieldSchema(string name) => Property(name) ?? AdditionalProperties;

    /// <summary>The types a value may have; int-or-string allows two.</summary>
    internal ImmutableArray<string> AllowedTypes { get; init; } = [];
}
