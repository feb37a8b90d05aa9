using System.Globalization;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Resources.Tables;

/// <summary>
/// kubectl's short age format (the AGE column): full precision while short, coarser as it grows —
/// 45s, 119s, 3m12s, 10m, 2h5m, 20h, 2d3h, 30d, 2y5d, 9y.
/// </summary>
public static class HumanDuration
{
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }
        if (seconds < 0)
        {
            return "0s";
        }
        if (seconds < 60 * 2)
        {
            return $"{seconds}s";
        }
        var minutes = seconds / 60;
        if (minutes < 10)
        {
            return WithRemainder(minutes, "m", seconds % 60, "s");
        }
        if (minutes < 60 * 3)
        {
            return $"{minutes}m";
        }
        var hours = minutes / 60;
        if (hours < 8)
        {
            return WithRemainder(hours, "h", minutes % 60, "m");
        }
        if (hours < 48)
        {
            return $"{hours}h";
        }
        var days = hours / 24;
        if (hours < 24 * 8)
        {
            return WithRemainder(days, "d", hours % 24, "h");
        }
        if (hours < 24 * 365 * 2)
        {
            return $"{days}d";
        }
        var years = days / 365;
        if (hours < 24 * 365 * 8)
        {
            return WithRemainder(years, "y", days % 365, "d");
        }
        return $"{years}y";
    }

    /// <summary>The age of an RFC 3339 timestamp at <paramref name="now"/>; "&lt;unknown&gt;" when absent,
    /// "&lt;invalid&gt;" when it does not parse.</summary>
    public static string Since(string? timestamp, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp))
        {
            return "<unknown>";
        }
        return TryParseTimestamp(timestamp, out var time) ? Format(now - time) : "<invalid>";
    }

    /// <summary>The age of <c>metadata.creationTimestamp</c>.</summary>
    public static string Age(JsonObject obj, DateTimeOffset now) =>
        Since(JsonRead.String(obj, "metadata", "creationTimestamp"), now);

    public static bool TryParseTimestamp(string timestamp, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(
            timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static string WithRemainder(long value, string unit, long remainder, string remainderUnit) =>
        remainder == 0 ? $"{value}{unit}" : $"{value}{unit}{remainder}{remainderUnit}";
}
