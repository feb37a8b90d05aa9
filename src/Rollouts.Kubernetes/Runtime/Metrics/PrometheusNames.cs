using System.Collections.Frozen;
using System.Text;

namespace Rollouts.Kubernetes.Runtime.Metrics;

/// <summary>The Prometheus type of a metric family, as written on its TYPE line.</summary>
internal enum PrometheusType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>
/// Turns instrument names, units and tag names into Prometheus names: snake case, the unit as a suffix in
/// words (<c>s</c> becomes <c>_seconds</c>, <c>By</c> <c>_bytes</c>), <c>_total</c> at the end of counters,
/// and no suffix for annotation units such as <c>{request}</c>.
/// </summary>
internal static class PrometheusNames
{
    private static readonly FrozenDictionary<string, string> Units = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> PerUnits = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["d"] = "day",
        ["h"] = "hour",
        ["min"] = "minute",
        ["s"] = "second",
        ["m"] = "meter",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The family name of an instrument: <c>rollouts.reconcile.duration</c> in <c>s</c> is <c>rollouts_reconcile_duration_seconds</c>.</summary>
    public static string Metric(string instrumentName, string? unit, PrometheusType type)
    {
        var name = SnakeCase(instrumentName);
        var counter = type == PrometheusType.Counter;
        if (counter && name.EndsWith("_total", StringComparison.Ordinal) && name.Length > "_total".Length)
        {
            name = name[..^"_total".Length];
        }

        var suffix = UnitSuffix(unit, type == PrometheusType.Gauge);
        if (suffix is not null && !name.EndsWith("_" + suffix, StringComparison.Ordinal) && name != suffix)
        {
            name += "_" + suffix;
        }

        return counter ? name + "_total" : name;
    }

    /// <summary>A tag name as a label name: snake case, only letters, digits and underscores, not starting with a digit.</summary>
    public static string Label(string tagName) => SnakeCase(tagName);

    /// <summary>
    /// The unit in words, or null when it adds nothing: no unit, only annotations (<c>{request}</c>), or a
    /// dimensionless <c>1</c> on anything but a gauge (where it is a <c>ratio</c>).
    /// </summary>
    public static string? UnitSuffix(string? unit, bool gauge)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return null;
        }

        var plain = WithoutAnnotations(unit).Trim();
        if (plain.Length == 0)
        {
            return null;
        }

        if (plain == "1")
        {
            return gauge ? "ratio" : null;
        }

        var slash = plain.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return Words(plain, Units);
        }

        var over = Words(plain[(slash + 1)..], PerUnits);
        var per = over.Length == 0 ? null : "per_" + over;
        var of = plain[..slash].Trim();
        var words = of.Length == 0 || of == "1" ? "" : Words(of, Units);
        return (words.Length, per) switch
        {
            (0, null) => null,
            (0, _) => per,
            (_, null) => words,
            _ => words + "_" + per,
        };
    }

    /// <summary>
    /// Snake case: <c>rollouts.client.requestDuration</c> becomes <c>rollouts_client_request_duration</c>; every
    /// character but ASCII letters and digits becomes one underscore; no leading, trailing or doubled underscores;
    /// an underscore in front of a leading digit.
    /// </summary>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterUpper(c))
            {
                var previous = i > 0 ? name[i - 1] : '\0';
                var next = i + 1 < name.Length ? name[i + 1] : '\0';
                var wordStart = char.IsAsciiLetterLower(previous) || char.IsAsciiDigit(previous)
                    || (char.IsAsciiLetterUpper(previous) && char.IsAsciiLetterLower(next));
                if (wordStart)
                {
                    Underscore(text);
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                text.Append(c);
            }
            else
            {
                Underscore(text);
            }
        }

        while (text.Length > 0 && text[^1] == '_')
        {
            text.Length--;
        }

        if (text.Length == 0)
        {
            return "_";
        }

        return char.IsAsciiDigit(text[0]) ? "_" + text : text.ToString();
    }

    private static void Underscore(StringBuilder text)
    {
        if (text.Length > 0 && text[^1] != '_')
        {
            text.Append('_');
        }
    }

    private static string Words(string unit, FrozenDictionary<string, string> known)
    {
        var trimmed = WithoutAnnotations(unit).Trim();
        if (trimmed.Length == 0)
        {
            return "";
        }

        if (known.TryGetValue(trimmed, out var words))
        {
            return words;
        }

        var snake = SnakeCase(trimmed);
        return snake == "_" ? "" : snake.TrimStart('_');
    }

    private static string WithoutAnnotations(string unit)
    {
        var text = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
