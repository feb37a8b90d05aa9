using System.Globalization;

namespace Rollouts.Sandbox.Simulation;

/// <summary>Reads the RFC 3339 timestamps of object metadata and status.</summary>
internal static class Timestamps
{
    public static DateTimeOffset? Parse(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
