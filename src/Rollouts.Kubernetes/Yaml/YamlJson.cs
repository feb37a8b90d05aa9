using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rollouts.Kubernetes.Yaml;

/// <summary>
/// Reads a YAML document (JSON is YAML too) into a JSON node. Plain scalars are typed by the YAML 1.2 core
/// schema (null, true/false, integers, floats, else a string); quoted and block scalars stay strings, as do
/// scalars tagged <c>!!str</c>. Aliases and merge keys (<c>&lt;&lt;</c>, where the mapping's own keys win) are expanded. Only the first
/// document of a stream is read by <see cref="Parse"/>; <see cref="ParseAll"/> reads them all.
/// </summary>
public static partial class YamlJson
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>The first document as a JSON node; null for an empty document or a YAML null.</summary>
    /// <exception cref="FormatException">The text is not YAML or holds no JSON value (e.g. .inf); the message says where.</exception>
    public static JsonNode? Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw Error(e.Message);
        }
        catch (ArgumentException e)
        {
            throw Error(e.Message); // a mapping with the same key twice
        }

        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    /// <summary>Every document of a stream (<c>---</c> separated) with the line it starts on (1-based); empty documents are left out.</summary>
    /// <exception cref="FormatException">The text is not YAML or holds no JSON value; the message says where.</exception>
    public static IReadOnlyList<YamlJsonDocument> ParseAll(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw Error($"line {e.Start.Line}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw Error(e.Message);
        }

        var documents = new List<YamlJsonDocument>();
        foreach (var document in stream.Documents)
        {
            if (Convert(document.RootNode) is { } node)
            {
                documents.Add(new YamlJsonDocument(node, (int)document.RootNode.Start.Line));
            }
        }

        return documents;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw Error($"unsupported YAML node at {node.Start}"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        var merges = new List<YamlNode>();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalar)
            {
                throw Error($"a mapping key must be a scalar (at {keyNode.Start})");
            }

            if (key == "<<" && scalar.Style == ScalarStyle.Plain)
            {
                merges.AddRange(valueNode is YamlSequenceNode sources ? sources.Children : [valueNode]);
                continue;
            }

            if (!result.TryAdd(key, Convert(valueNode)))
            {
                throw Error($"mapping key \"{key}\" already defined (at {keyNode.Start})");
            }
        }

        foreach (var source in merges)
        {
            if (source is not YamlMappingNode sourceMapping)
            {
                throw Error($"a merge key (<<) takes a mapping or a list of mappings (at {source.Start})");
            }

            foreach (var (name, value) in ConvertMapping(sourceMapping).ToList())
            {
                if (!result.ContainsKey(name))
                {
                    result[name] = value?.DeepClone();
                }
            }
        }

        return result;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is not null && tag != "!")
        {
            return ConvertTagged(text, tag, scalar);
        }

        if (tag == "!" || scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return Resolve(text, scalar) ?? (IsNull(text) ? null : JsonValue.Create(text));
    }

    private static JsonNode? ConvertTagged(string text, string tag, YamlScalarNode scalar)
    {
        var name = tag.StartsWith(TagPrefix, StringComparison.Ordinal) ? tag[TagPrefix.Length..] : tag.TrimStart('!');
        switch (name)
        {
            case "str":
                return JsonValue.Create(text);
            case "null":
                return null;
            case "bool" when Boolean().IsMatch(text):
            case "int" when Integer().IsMatch(text):
            case "float" when Float().IsMatch(text) || Integer().IsMatch(text) || Special().IsMatch(text):
                return Resolve(text, scalar);
            default:
                throw Error($"cannot read \"{text}\" as {tag} (at {scalar.Start})");
        }
    }

    /// <summary>A plain scalar's typed value, or null when it is a null or a string.</summary>
    private static JsonValue? Resolve(string text, YamlScalarNode scalar)
    {
        if (Boolean().IsMatch(text))
        {
            return JsonValue.Create(text is "true" or "True" or "TRUE");
        }

        if (Integer().IsMatch(text))
        {
            return ParseInteger(text);
        }

        if (Float().IsMatch(text))
        {
            return Number(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        if (Special().IsMatch(text))
        {
            throw Error($"{text} is not a number JSON can hold (at {scalar.Start})");
        }

        return null;
    }

    private static JsonValue ParseInteger(string text)
    {
        var sign = text.StartsWith('-') ? -1 : 1;
        var digits = text.TrimStart('+', '-');
        if (digits.StartsWith("0x", StringComparison.Ordinal))
        {
            return Number(sign * long.Parse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        }

        if (digits.StartsWith("0o", StringComparison.Ordinal))
        {
            return Number(sign * System.Convert.ToInt64(digits[2..], 8));
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return Number(value);
        }

        var magnitude = digits.TrimStart('0');
        return (JsonValue)JsonNode.Parse((sign < 0 ? "-" : "") + (magnitude.Length == 0 ? "0" : magnitude))!;
    }

    /// <summary>A number held as JSON text, so readers may take it as int, long or double alike, as with parsed JSON.</summary>
    private static JsonValue Number(long value) => (JsonValue)JsonNode.Parse(value.ToString(CultureInfo.InvariantCulture))!;

    private static JsonValue Number(double value) => (JsonValue)JsonNode.Parse(value.ToString("R", CultureInfo.InvariantCulture))!;

    private static bool IsNull(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    private static FormatException Error(string detail) => new(detail);

    [GeneratedRegex("^(true|True|TRUE|false|False|FALSE)$")]
    private static partial Regex Boolean();

    [GeneratedRegex("^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();

    [GeneratedRegex(@"^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex Special();
}

/// <summary>One document of a YAML stream as JSON, and the line it starts on (1-based).</summary>
public sealed record YamlJsonDocument(JsonNode Node, int Line);
