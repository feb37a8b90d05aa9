using System.Globalization;

namespace Rollouts.Sandbox.Simulation;

/// <summary>
/// Annotations on a pod template (copied to its pods) that change how the simulated kubelet runs the pods:
/// <c>sandbox.rollouts.dev/never-ready: "true"</c> keeps them from ever becoming Ready (a readiness probe that
/// never passes) and <c>sandbox.rollouts.dev/ready-delay: "5s"</c> sets how long they take to become Ready.
/// </summary>
public static class SimulationAnnotations
{
    public const string NeverReady = "sandbox.rollouts.dev/never-ready";
    public const string ReadyDelay = "sandbox.rollouts.dev/ready-delay";

    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("ns", 0), // below a tick; counted as fractions below
        ("us", 10), ("µs", 10), ("μs", 10),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
    ];

    /// <summary>
    /// Reads a duration as Go writes it: "0", or numbers with units (ns, us, ms, s, m, h), such as "5s",
    /// "1.5s", "500ms" or "1m30s". Negative durations are refused.
    /// </summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var rest = text.AsSpan();
        if (rest[0] == '+')
        {
            rest = rest[1..];
        }

        if (rest is "0")
        {
            return true;
        }

        double ticks = 0;
        while (!rest.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < rest.Length && (char.IsAsciiDigit(rest[numberLength]) || rest[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 || !double.TryParse(rest[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            rest = rest[numberLength..];
            var unitLength = 0;
            while (unitLength < rest.Length && !char.IsAsciiDigit(rest[unitLength]) && rest[unitLength] != '.')
            {
                unitLength++;
            }

            var unit = rest[..unitLength].ToString();
            rest = rest[unitLength..];
            var match = Array.FindIndex(Units, u => u.Unit == unit);
            if (match < 0)
            {
                return false;
            }

            ticks += match == 0 ? number / 100 : number * Units[match].Ticks;
        }

        if (ticks >= TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }
}
