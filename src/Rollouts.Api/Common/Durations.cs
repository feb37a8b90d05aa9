using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Common;

/// <summary>
/// Durations as users write them in a Rollout (a pause, an analysis interval): a whole number of seconds
/// (<c>30</c> or <c>"30"</c>), or one or more numbers each followed by a unit (<c>"30s"</c>, <c>"5m"</c>,
/// <c>"1h30m"</c>, <c>"1.5h"</c>, <c>"500ms"</c>).
/// </summary>
/// <remarks>
/// This is the form Argo Rollouts accepts (Go's duration syntax) restricted to the units that make sense
/// for a rollout: <c>h</c>, <c>m</c>, <c>s</c> and <c>ms</c>. Microseconds, nanoseconds and days are
/// refused with a message that says what to write instead. Milliseconds are kept, not rounded to seconds.
/// A leading sign is read, so that validation can say a negative pause is negative rather than unreadable.
/// </remarks>
public static class Durations
{
    /// <summary>What a user may write, for the end of an error message.</summary>
    public const string Forms = "write whole seconds (30) or numbers with units h, m, s or ms (30s, 5m, 1h30m, 500ms)";

    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
    ];

    /// <summary>Reads a duration; a number is seconds.</summary>
    /// <exception cref="FormatException">The text is not a duration; the message says why and what to write.</exception>
    public static TimeSpan Parse(IntOrString value) =>
        TryParse(value, out var duration, out var error) ? duration : throw new FormatException(error);

    /// <inheritdoc cref="Parse(IntOrString)"/>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration, out var error) ? duration : throw new FormatException(error);

    /// <summary>Reads a duration; a number is seconds. On failure <paramref name="error"/> says why and what to write.</summary>
    public static bool TryParse(IntOrString value, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        if (value.Number is { } seconds)
        {
            duration = TimeSpan.FromSeconds(seconds);
            error = null;
            return true;
        }

        return TryParse(value.Text, out duration, out error);
    }

    /// <inheritdoc cref="TryParse(IntOrString, out TimeSpan, out string?)"/>
    public static bool TryParse(string? text, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        duration = default;
        if (string.IsNullOrEmpty(text))
        {
            error = $"an empty string is not a duration; {Forms}";
            return false;
        }

        var rest = text.AsSpan();
        var negative = rest[0] == '-';
        if (rest[0] is '-' or '+')
        {
            rest = rest[1..];
        }

        if (rest.Length > 0 && IsAllDigits(rest))
        {
            if (!long.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > TimeSpan.MaxValue.TotalSeconds)
            {
                error = $"\"{text}\" is too long a duration";
                return false;
            }

            duration = TimeSpan.FromSeconds(negative ? -seconds : seconds);
            error = null;
            return true;
        }

        if (!TryParseUnits(rest, out var ticks, out var problem))
        {
            error = $"\"{text}\" is not a duration: {problem}; {Forms}";
            return false;
        }

        duration = new TimeSpan(negative ? -ticks : ticks);
        error = null;
        return true;
    }

    /// <summary>The shortest text <see cref="Parse(string)"/> reads back as the same duration: <c>1h30m</c>, <c>45s</c>, <c>500ms</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        if (duration < TimeSpan.Zero)
        {
            text.Append('-');
            duration = duration.Duration();
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            return text.Append(FormatNumber(duration.TotalMilliseconds)).Append("ms").ToString();
        }

        var hours = (long)duration.TotalHours;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (duration.Minutes > 0)
        {
            text.Append(duration.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        var seconds = duration.Seconds + (duration.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerSecond);
        if (seconds > 0)
        {
            text.Append(FormatNumber(seconds)).Append('s');
        }

        return text.ToString();
    }

    private static string FormatNumber(double value) => value.ToString("0.#######", CultureInfo.InvariantCulture);

    private static bool TryParseUnits(ReadOnlySpan<char> rest, out long ticks, [NotNullWhen(false)] out string? problem)
    {
        ticks = 0;
        if (rest.IsEmpty)
        {
            problem = "a sign needs a number after it";
            return false;
        }

        while (!rest.IsEmpty)
        {
            var numberLength = rest.IndexOfAnyExcept("0123456789.");
            if (numberLength < 0)
            {
                problem = $"\"{rest}\" has no unit";
                return false;
            }

            var number = rest[..numberLength];
            if (number.IsEmpty || number.IndexOfAnyInRange('0', '9') < 0 || number.Count('.') > 1)
            {
                problem = number.IsEmpty ? $"expected a number before \"{rest}\"" : $"\"{number}\" is not a number";
                return false;
            }

            rest = rest[numberLength..];
            var unitLength = rest.IndexOfAny("0123456789.");
            var unit = unitLength < 0 ? rest : rest[..unitLength];
            rest = unitLength < 0 ? [] : rest[unitLength..];
            if (!TryUnit(unit, out var unitTicks, out problem))
            {
                return false;
            }

            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var count)
                || count > (TimeSpan.MaxValue.Ticks - ticks) / unitTicks)
            {
                problem = "it is too long";
                return false;
            }

            ticks += (long)(count * unitTicks);
        }

        problem = null;
        return true;
    }

    private static bool TryUnit(ReadOnlySpan<char> unit, out long ticks, [NotNullWhen(false)] out string? problem)
    {
        foreach (var (name, unitTicks) in Units)
        {
            if (unit.SequenceEqual(name))
            {
                ticks = unitTicks;
                problem = null;
                return true;
            }
        }

        ticks = 0;
        problem = unit.ToString() switch
        {
            "d" => "unit \"d\" is not supported, write days in hours (24h)",
            "us" or "µs" or "μs" or "ns" => $"unit \"{unit}\" is below a millisecond and not supported",
            _ => $"unknown unit \"{unit}\"",
        };
        return false;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> text) => text.IndexOfAnyExceptInRange('0', '9') < 0;
}
