using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// String formats. The real server checks only a fixed list of formats and ignores every other one
/// (int32, int64, double ... are documentation). Of that list the common ones are checked here;
/// the rest are accepted as they are.
/// </summary>
internal static partial class StringFormats
{
    // The formats the real server validates, by name without dashes ("date-time" is "datetime").
    private static readonly HashSet<string> Known =
    [
        "bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6", "cidr", "mac", "uuid", "uuid3", "uuid4",
        "uuid5", "isbn", "isbn10", "isbn13", "creditcard", "ssn", "hexcolor", "rgbcolor", "byte", "password",
        "date", "duration", "datetime",
    ];

    /// <summary>True when the server checks values against this format.</summary>
    public static bool IsChecked(string format) => format.Length > 0 && Known.Contains(format.Replace("-", "", StringComparison.Ordinal));

    public static bool IsValid(string format, string value) => format.Replace("-", "", StringComparison.Ordinal) switch
    {
        "datetime" => IsDateTime(value),
        "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "byte" => Base64.IsValid(value),
        "uuid" => UuidPattern().IsMatch(value),
        "ipv4" => IPAddress.TryParse(value, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork && Ipv4Pattern().IsMatch(value),
        "ipv6" => IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6,
        "hexcolor" => HexColorPattern().IsMatch(value),
        _ => true,
    };

    // RFC 3339 date-time, as the server parses it: fractional seconds and the zone are optional.
    private static bool IsDateTime(string value)
    {
        if (!DateTimePattern().IsMatch(value))
        {
            return false;
        }
        var normalized = value.Replace(' ', 'T').Replace('t', 'T').Replace('z', 'Z');
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")]
    private static partial Regex UuidPattern();

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")]
    private static partial Regex Ipv4Pattern();

    [GeneratedRegex("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColorPattern();
}
