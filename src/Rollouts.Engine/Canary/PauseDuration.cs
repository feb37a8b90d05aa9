using System.Globalization;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Canary;

/// <summary>
/// Reads a pause duration: a number of seconds (30 or "30") or a number with one unit ("30s", "5m", "1h").
/// A small local reader until the shared duration parser of the API project is available.
/// </summary>
internal static class PauseDuration
{
    public static bool TryParse(IntOrString value, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (value.Number is { } seconds)
        {
            if (seconds < 0)
            {
                return false;
            }

            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var text = value.Text?.Trim() ?? "";
        if (text.Length == 0)
        {
            return false;
        }

        var unit = text[^1];
        var (digits, scale) = unit switch
        {
            's' => (text[..^1], 1),
            'm' => (text[..^1], 60),
            'h' => (text[..^1], 3600),
            _ => (text, 1),
        };

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > int.MaxValue / scale)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(amount * scale);
        return true;
    }
}
