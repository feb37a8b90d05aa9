using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// Writes values the way the real server's messages print them, so a client sees the same text:
/// strings quoted with Go escapes, floats in Go's shortest form (<c>1e+06</c>), objects in Go syntax.
/// </summary>
internal static class GoFormat
{
    /// <summary>A value in a field error ("Invalid value: X"): strings quoted, objects in Go syntax.</summary>
    public static string Value(JsonData value) => value.Kind switch
    {
        DataKind.Null => "null",
        DataKind.Boolean => value.Boolean ? "true" : "false",
        DataKind.String => Quote(value.Text),
        DataKind.Integer => value.Integer.ToString(CultureInfo.InvariantCulture),
        DataKind.Number => Float(value.Number),
        _ => GoSyntax(value.Node),
    };

    public static string Value(JsonElement element) => Value(JsonData.Of(element));

    /// <summary>A quoted string with Go's escapes (<c>strconv.Quote</c>).</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            AppendEscaped(builder, rune);
        }
        return builder.Append('"').ToString();
    }

    /// <summary>A float as Go prints it with <c>%v</c>: shortest digits, exponent form below 1e-4 and from 1e6.</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }
        var (negative, digits, point) = Decimal(value);
        var exponent = point - 1;
        var sign = negative ? "-" : "";
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = digits.Length > 1 ? $"{digits[0]}.{digits[1..]}" : digits;
            var exponentSign = exponent < 0 ? "-" : "+";
            return $"{sign}{mantissa}e{exponentSign}{Math.Abs(exponent):00}";
        }
        return sign + Plain(digits, point);
    }

    /// <summary>A number as Go's JSON encoder writes a float64: plain digits, exponent only for extremes.</summary>
    public static string JsonNumber(double value)
    {
        var (negative, digits, point) = Decimal(value);
        var sign = negative ? "-" : "";
        var magnitude = Math.Abs(value);
        if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21))
        {
            var exponent = point - 1;
            var mantissa = digits.Length > 1 ? $"{digits[0]}.{digits[1..]}" : digits;
            var exponentText = exponent < 0 ? $"-{-exponent}" : $"+{exponent:00}";
            return $"{sign}{mantissa}e{exponentText}";
        }
        return sign + Plain(digits, point);
    }

    /// <summary>A value as Go's JSON encoder writes it after decoding: numbers as floats, object keys sorted.</summary>
    public static string Json(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                return JsonNumber(element.GetDouble());
            case JsonValueKind.Object:
                var members = element.EnumerateObject()
                    .GroupBy(p => p.Name, StringComparer.Ordinal)
                    .Select(g => g.Last())
                    .OrderBy(p => p.Name, StringComparer.Ordinal)
                    .Select(p => $"{JsonString(p.Name)}:{Json(p.Value)}");
                return "{" + string.Join(",", members) + "}";
            case JsonValueKind.Array:
                return "[" + string.Join(",", element.EnumerateArray().Select(Json)) + "]";
            case JsonValueKind.String:
                return JsonString(element.GetString() ?? "");
            default:
                return element.GetRawText();
        }
    }

    // A JSON string with the escapes Go's encoder uses (HTML-sensitive characters included).
    private static string JsonString(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < ' ' or '<' or '>' or '&' or '\u2028' or '\u2029':
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>A decoded JSON value in Go syntax, as <c>%#v</c> prints it.</summary>
    public static string GoSyntax(JsonNode? node)
    {
        var data = JsonData.Of(node);
        switch (data.Kind)
        {
            case DataKind.Null:
                return "interface {}(nil)";
            case DataKind.Object:
                var members = data.Node!.AsObject()
                    .OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => $"{Quote(p.Key)}:{GoSyntax(p.Value)}");
                return "map[string]interface {}{" + string.Join(", ", members) + "}";
            case DataKind.Array:
                return "[]interface {}{" + string.Join(", ", data.Node!.AsArray().Select(GoSyntax)) + "}";
            default:
                return Value(data);
        }
    }

    // The shortest decimal digits of a finite double, and where the point goes: value = 0.DIGITS * 10^point.
    private static (bool Negative, string Digits, int Point) Decimal(double value)
    {
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOfAny(['E', 'e']);
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot < 0 ? mantissa.Length : dot;
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        if (digits.Length == 0)
        {
            return (double.IsNegative(value), "0", 1);
        }
        return (value < 0, digits, integerDigits - leadingZeros + exponent);
    }

    private static string Plain(string digits, int point)
    {
        if (point <= 0)
        {
            return "0." + new string('0', -point) + digits;
        }
        if (point >= digits.Length)
        {
            return digits + new string('0', point - digits.Length);
        }
        return $"{digits[..point]}.{digits[point..]}";
    }

    private static void AppendEscaped(StringBuilder builder, Rune rune)
    {
        switch (rune.Value)
        {
            case '"':
                builder.Append("\\\"");
                return;
            case '\\':
                builder.Append("\\\\");
                return;
            case '\a':
                builder.Append("\\a");
                return;
            case '\b':
                builder.Append("\\b");
                return;
            case '\f':
                builder.Append("\\f");
                return;
            case '\n':
                builder.Append("\\n");
                return;
            case '\r':
                builder.Append("\\r");
                return;
            case '\t':
                builder.Append("\\t");
                return;
            case '\v':
                builder.Append("\\v");
                return;
        }
        if (rune.Value == ' ' || IsPrintable(rune))
        {
            builder.Append(rune.ToString());
        }
        else if (rune.Value < ' ' || rune.Value == 0x7f)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
        }
        else if (rune.Value < 0x10000)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
        }
        else
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
        }
    }

    // Go's notion of printable: letters, marks, numbers, punctuation and symbols.
    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
        _ => true,
    };
}
