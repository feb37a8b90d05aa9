using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Rollouts.Api.Crds;

/// <summary>
/// Writes a JSON tree as block-style YAML, the same text for the same tree. Keys keep their order. A string is
/// written plain only when no YAML reader could take it for anything else (a number, a boolean, null, a
/// mapping); otherwise it is double-quoted with JSON escapes, which YAML reads the same way.
/// </summary>
public static partial class YamlWriter
{
    public static string Write(JsonNode? node)
    {
        var text = new StringBuilder();
        if (node is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
        {
            WriteBlock(node, 0, text);
        }
        else
        {
            text.Append(Scalar(node)).Append('\n');
        }

        return text.ToString();
    }

    private static void WriteBlock(JsonNode node, int indent, StringBuilder text)
    {
        var pad = new string(' ', indent);
        if (node is JsonObject mapping)
        {
            foreach (var (key, value) in mapping)
            {
                text.Append(pad).Append(Key(key)).Append(':');
                WriteValue(value, indent, nestedIndent: value is JsonArray ? indent : indent + 2, text);
            }

            return;
        }

        foreach (var item in (JsonArray)node)
        {
            text.Append(pad).Append('-');
            if (item is JsonObject { Count: > 0 } itemMapping)
            {
                // The first key goes on the dash's line; the rest line up under it.
                var lines = new StringBuilder();
                WriteBlock(itemMapping, indent + 2, lines);
                text.Append(' ').Append(lines.ToString(indent + 2, lines.Length - indent - 2));
            }
            else
            {
                WriteValue(item, indent, indent + 2, text);
            }
        }
    }

    private static void WriteValue(JsonNode? value, int indent, int nestedIndent, StringBuilder text)
    {
        if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
        {
            text.Append('\n');
            WriteBlock(value, nestedIndent, text);
        }
        else
        {
            text.Append(' ').Append(Scalar(value)).Append('\n');
        }
    }

    private static string Key(string key) => IsPlain(key) ? key : Quote(key);

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => String(value.GetValue<string>()),
        JsonValue value => value.ToJsonString(),
        _ => throw new NotSupportedException($"Cannot write {node.GetType()} as YAML."),
    };

    private static string String(string value) => IsPlain(value) ? value : Quote(value);

    /// <summary>Starts with a letter, holds only characters with no meaning in YAML, and is not a YAML 1.1 boolean or null.</summary>
    private static bool IsPlain(string value) => PlainText().IsMatch(value) && !ReservedWord().IsMatch(value);

    private static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    [GeneratedRegex(@"^[A-Za-z]([A-Za-z0-9 ._/()\-,;]*[A-Za-z0-9._/)\-])?$")]
    private static partial Regex PlainText();

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$")]
    private static partial Regex ReservedWord();
}
