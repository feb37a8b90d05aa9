using System.Globalization;
using System.Text;

namespace Rollouts.Kubernetes.Runtime.Metrics;

/// <summary>How a family folds measurements into a series' value.</summary>
internal enum Aggregation
{
    /// <summary>Adds every measurement (counters and up-down counters).</summary>
    Sum,

    /// <summary>Keeps the last measurement (gauges, and the totals observable instruments report).</summary>
    LastValue,

    /// <summary>Counts measurements into buckets and keeps their sum and count.</summary>
    Histogram,
}

/// <summary>
/// What makes two instruments of one family compatible: instruments of the same Prometheus name (several
/// meters of one name, one per work queue for example) share a family only when they agree on all of it.
/// </summary>
internal sealed record FamilyShape(PrometheusType Type, Aggregation Aggregation, bool Monotonic, bool Observable);

/// <summary>
/// One metric family and its series, keyed by label set. Holds at most <c>maxSeries</c> series: a measurement
/// with a new label set beyond that is dropped and counted in <see cref="Dropped"/>. Thread-safe.
/// </summary>
internal sealed class MetricFamily
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly int _maxSeries;
    private readonly double[] _bounds;
    private long _dropped;

    public MetricFamily(string name, string help, FamilyShape shape, IReadOnlyList<double> bounds, int maxSeries)
    {
        Name = name;
        Help = help;
        Shape = shape;
        _bounds = [.. bounds.Where(b => !double.IsNaN(b) && !double.IsPositiveInfinity(b)).Distinct().Order()];
        _maxSeries = maxSeries;
    }

    public string Name { get; }

    public string Help { get; }

    public FamilyShape Shape { get; }

    /// <summary>Measurements dropped because they would have made a series beyond the limit.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Folds one measurement into the series of its labels (the constant ones, then the tags).</summary>
    public void Record(double value, IReadOnlyList<KeyValuePair<string, string>> constantLabels, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value) && Shape.Aggregation != Aggregation.LastValue)
        {
            return;
        }

        if (Shape.Monotonic && Shape.Aggregation == Aggregation.Sum && value < 0)
        {
            return;
        }

        var labels = Labels(constantLabels, tags);
        var key = Key(labels);
        lock (_gate)
        {
            if (!_series.TryGetValue(key, out var series))
            {
                if (_series.Count >= _maxSeries)
                {
                    Interlocked.Increment(ref _dropped);
                    return;
                }

                series = new Series(key, labels, Shape.Aggregation == Aggregation.Histogram ? new long[_bounds.Length + 1] : null);
                _series.Add(key, series);
            }

            switch (Shape.Aggregation)
            {
                case Aggregation.Sum:
                    series.Value += value;
                    break;
                case Aggregation.LastValue:
                    series.Value = value;
                    break;
                case Aggregation.Histogram:
                    var bucket = Array.FindIndex(_bounds, b => value <= b);
                    series.Buckets![bucket < 0 ? _bounds.Length : bucket]++;
                    series.Value += value;
                    series.Count++;
                    break;
            }
        }
    }

    /// <summary>Forgets every series; observable families start each collection afresh.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _series.Clear();
        }
    }

    /// <summary>Writes HELP, TYPE and the series ordered by labels; nothing when there is no series.</summary>
    public void WriteTo(PrometheusTextWriter writer)
    {
        List<(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, long Count, long[]? Buckets)> snapshot;
        lock (_gate)
        {
            snapshot = [.. _series.Values
                .OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => (s.Labels, s.Value, s.Count, s.Buckets is null ? null : (long[])s.Buckets.Clone()))];
        }

        if (snapshot.Count == 0)
        {
            return;
        }

        writer.Family(Name, TypeName(Shape.Type), Help);
        foreach (var (labels, value, count, buckets) in snapshot)
        {
            if (buckets is null)
            {
                writer.Sample(Name, labels, value);
                continue;
            }

            long cumulative = 0;
            for (var i = 0; i < _bounds.Length; i++)
            {
                cumulative += buckets[i];
                writer.Sample(Name + "_bucket", [.. labels, new("le", PrometheusTextWriter.FormatValue(_bounds[i]))], cumulative);
            }

            writer.Sample(Name + "_bucket", [.. labels, new("le", "+Inf")], count);
            writer.Sample(Name + "_sum", labels, value);
            writer.Sample(Name + "_count", labels, count);
        }
    }

    private static string TypeName(PrometheusType type) => type switch
    {
        PrometheusType.Counter => "counter",
        PrometheusType.Gauge => "gauge",
        _ => "histogram",
    };

    /// <summary>Label names sanitised, a later tag of the same name winning, ordered by name.</summary>
    private static KeyValuePair<string, string>[] Labels(
        IReadOnlyList<KeyValuePair<string, string>> constantLabels, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (constantLabels.Count == 0 && tags.IsEmpty)
        {
            return [];
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in constantLabels)
        {
            labels[name] = value;
        }

        foreach (var (name, value) in tags)
        {
            labels[PrometheusNames.Label(name)] = TagValue(value);
        }

        return [.. labels];
    }

    private static string TagValue(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The label set as the text format writes it, which is unique per set and orders series stably.</summary>
    private static string Key(KeyValuePair<string, string>[] labels)
    {
        if (labels.Length == 0)
        {
            return "";
        }

        var key = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            key.Append(name).Append("=\"").Append(PrometheusTextWriter.EscapeLabelValue(value)).Append("\",");
        }

        return key.ToString();
    }

    private sealed class Series(string key, KeyValuePair<string, string>[] labels, long[]? buckets)
    {
        public string Key { get; } = key;

        public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

        /// <summary>The sum, the last value, or a histogram's sum of observations.</summary>
        public double Value { get; set; }

        public long Count { get; set; }

        /// <summary>A histogram's counts per bucket (not cumulative), the last one above every bound.</summary>
        public long[]? Buckets { get; } = buckets;
    }
}
