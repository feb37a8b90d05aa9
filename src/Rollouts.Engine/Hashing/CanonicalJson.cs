using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rollouts.Engine.Hashing;

/// <summary>
/// A fixed text form of a JSON value, so that equal values give equal text whatever wrote them: object keys
/// sorted by ordinal comparison, null members left out (absent and null mean the same to the API server), no
/// whitespace, numbers as they were written, and strings escaped by a rule of our own (quote, backslash and
/// control characters only) rather than by a serializer whose escaping may change between versions.
/// </summary>
internal static class CanonicalJson
{
    /// <summary>Writes <paramref name="value"/> in canonical form, leaving out the object members <paramref name="skip"/> names.</summary>
    /// <param name="skip">Given the path of an object (member names from the root) and a member name, true to leave the member out.</param>
    public static string Write(JsonElement value, Func<IReadOnlyList<string>, string, bool>? skip = null)
    {
        var text = new StringBuilder();
        Write(value, [], skip, text);
        return text.ToString();
    }

    private static void Write(JsonElement value, List<string> path, Func<IReadOnlyList<string>, string, bool>? skip, StringBuilder text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var first = true;
                foreach (var member in value.EnumerateObject()
                    .Where(m => m.Value.ValueKind != JsonValueKind.Null && (skip is null || !skip(path, m.Name)))
                    .OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    WriteString(member.Name, text);
                    text.Append(':');
                    path.Add(member.Name);
                    Write(member.Value, path, skip, text);
                    path.RemoveAt(path.Count - 1);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (index > 0)
                    {
                        text.Append(',');
                    }

                    path.Add(index.ToString(CultureInfo.InvariantCulture));
                    Write(item, path, skip, text);
                    path.RemoveAt(path.Count - 1);
                    index++;
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(value.GetString()!, text);
                break;
            case JsonValueKind.Number:
                text.Append(value.GetRawText());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    private static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }
}
