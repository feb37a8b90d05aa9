using System.Globalization;
using System.Text;

namespace Rollouts.Kubernetes.Runtime.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): a HELP and a TYPE line per metric family,
/// then its samples, with label values and help text escaped as the format requires.
/// </summary>
public sealed class PrometheusTextWriter
{
    /// <summary>The Content-Type of the text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    /// <summary>Starts a metric family; <paramref name="type"/> is counter, gauge, histogram, summary or untyped.</summary>
    public void Family(string name, string type, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    /// <summary>One sample line: name, labels in the order given, value.</summary>
    public void Sample(string name, IEnumerable<KeyValuePair<string, string>> labels, double value)
    {
        _text.Append(name);
        var first = true;
        foreach (var (label, labelValue) in labels)
        {
            _text.Append(first ? '{' : ',').Append(label).Append("=\"").Append(EscapeLabelValue(labelValue)).Append('"');
            first = false;
        }

        if (!first)
        {
            _text.Append('}');
        }

        _text.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    public override string ToString() => _text.ToString();

    /// <summary>Label values escape backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Help text escapes backslash and line feed.</summary>
    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Values as Go's strconv prints them for Prometheus: +Inf, -Inf, NaN, or the shortest round-trip number.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
