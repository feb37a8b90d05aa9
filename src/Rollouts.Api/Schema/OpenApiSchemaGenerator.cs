using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Rollouts.Api.Schema;

/// <summary>
/// Writes the OpenAPI v3 schema of a resource type for its CustomResourceDefinition. It walks the type as the
/// JSON serializer sees it (the source-generated metadata: the same property names, the same types, extension
/// data left out), so the schema cannot drift from what the operator reads and writes. Descriptions come from
/// <see cref="DescriptionAttribute"/> on properties and types; bounds, enums and required fields from
/// <see cref="MinimumAttribute"/>, <see cref="MaximumAttribute"/>, <see cref="MinItemsAttribute"/>,
/// <see cref="EnumValuesAttribute"/> and <see cref="RequiredFieldAttribute"/>. Built-in Kubernetes types and
/// value types use fixed schemas.
/// Runs when the CRD files are generated, never while the operator works.
/// </summary>
public static class OpenApiSchemaGenerator
{
    // Keys in the order Kubernetes' own CRDs print them, so the YAML reads top-down.
    private static readonly string[] KeyOrder =
    [
        "description", "type", "format", "enum", "minimum", "maximum", "minItems",
        "x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-map-type",
        "items", "additionalProperties", "properties", "required",
    ];

    /// <summary>The schema of the type <paramref name="typeInfo"/> describes.</summary>
    /// <exception cref="NotSupportedException">A type in the tree has no schema mapping (add it to the built-in schemas).</exception>
    public static JsonObject Generate(JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return ForType(typeInfo.Type, typeInfo.Options, []);
    }

    private static JsonObject ForType(Type type, JsonSerializerOptions options, HashSet<Type> visiting)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (BuiltInSchemas.For(type) is { } builtIn)
        {
            return builtIn;
        }

        var info = options.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Object => ForObject(info, visiting),
            JsonTypeInfoKind.Enumerable => new JsonObject { ["type"] = "array", ["items"] = ForType(info.ElementType!, options, visiting) },
            JsonTypeInfoKind.Dictionary when info.KeyType == typeof(string) =>
                new JsonObject { ["type"] = "object", ["additionalProperties"] = ForType(info.ElementType!, options, visiting) },
            _ => throw new NotSupportedException($"No schema for {type}; describe it in {nameof(BuiltInSchemas)}."),
        };
    }

    private static JsonObject ForObject(JsonTypeInfo info, HashSet<Type> visiting)
    {
        if (!visiting.Add(info.Type))
        {
            throw new NotSupportedException($"{info.Type} contains itself; a CRD schema cannot be recursive.");
        }

        var schema = new JsonObject { ["type"] = "object" };
        if (info.Type.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema["description"] = description.Description;
        }

        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in info.Properties.Where(p => !p.IsExtensionData))
        {
            var member = property.AttributeProvider as MemberInfo
                ?? throw new NotSupportedException($"{info.Type}.{property.Name} has no member to read attributes from.");
            properties[property.Name] = ForProperty(property, member, info.Options, visiting);
            if (member.GetCustomAttribute<RequiredFieldAttribute>() is not null)
            {
                required.Add(property.Name);
            }
        }

        schema["properties"] = properties;
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        visiting.Remove(info.Type);
        return Ordered(schema);
    }

    private static JsonObject ForProperty(JsonPropertyInfo property, MemberInfo member, JsonSerializerOptions options, HashSet<Type> visiting)
    {
        var schema = ForType(property.PropertyType, options, visiting);
        if (member.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema["description"] = description.Description;
        }

        if (member.GetCustomAttribute<MinimumAttribute>() is { } minimum)
        {
            schema["minimum"] = minimum.Value;
        }

        if (member.GetCustomAttribute<MaximumAttribute>() is { } maximum)
        {
            schema["maximum"] = maximum.Value;
        }

        if (member.GetCustomAttribute<MinItemsAttribute>() is { } minItems)
        {
            schema["minItems"] = minItems.Value;
        }

        if (member.GetCustomAttribute<EnumValuesAttribute>() is { } values)
        {
            schema["enum"] = new JsonArray([.. values.Values.Select(v => JsonValue.Create(v))]);
        }

        return Ordered(schema);
    }

    private static JsonObject Ordered(JsonObject schema)
    {
        var ordered = new JsonObject();
        foreach (var key in schema.Select(p => p.Key).OrderBy(Rank).ToList())
        {
            var value = schema[key];
            schema.Remove(key);
            ordered[key] = value;
        }

        return ordered;
    }

    private static int Rank(string key) => Array.IndexOf(KeyOrder, key) is var i and >= 0 ? i : KeyOrder.Length;
}
