using System.Globalization;

namespace Rollouts.Cli.Rendering;

/// <summary>Ages as kubectl prints them: 45s, 5m, 3h, 2d.</summary>
internal static class Ages
{
    public static string Since(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } then)
        {
            return "-";
        }

        var age = now - then;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalSeconds < 120 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalSeconds}s")
            : age.TotalMinutes < 120 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes}m")
            : age.TotalHours < 48 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours}h")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays}d");
    }
}
