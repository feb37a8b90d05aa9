using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Rollouts.Kubernetes.Runtime.Metrics;

/// <summary>
/// Listens to the project's meters (by default every meter whose name starts with <c>Rollouts.</c>) and keeps
/// what a Prometheus scrape needs: counters and up-down counters summed per tag set, histograms in cumulative
/// buckets (the instrument's advised boundaries, else Prometheus' default ones), gauges at their last value, and
/// observable instruments read at each scrape. <see cref="WriteTo"/> renders them in the text format with
/// Prometheus names (see <c>docs/operator.md</c>). Memory is bounded: each metric keeps at most
/// <c>maxSeriesPerMetric</c> label sets, and measurements beyond are dropped and counted in
/// <c>rollouts_metrics_series_dropped_total</c>. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// using var collector = new MetricsCollector();
/// var writer = new PrometheusTextWriter();
/// collector.WriteTo(writer);
/// </code>
/// </example>
public sealed class MetricsCollector : IDisposable
{
    /// <summary>The label sets each metric keeps unless told otherwise.</summary>
    public const int DefaultMaxSeriesPerMetric = 10_000;

    /// <summary>The collector's own counter of measurements dropped at the series limit, labelled by metric.</summary>
    public const string DroppedSeriesMetric = "rollouts_metrics_series_dropped_total";

    /// <summary>The collector's own counter of observable-instrument callbacks that threw during a scrape.</summary>
    public const string CallbackErrorsMetric = "rollouts_metrics_callback_errors_total";

    /// <summary>Prometheus' default histogram buckets, in the instrument's unit.</summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly Func<Meter, bool> _include;
    private readonly int _maxSeries;
    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Lock _scrape = new();
    private long _callbackErrors;

    /// <param name="include">Which meters to listen to; by default those whose name starts with <c>Rollouts.</c>.</param>
    /// <param name="maxSeriesPerMetric">The label sets one metric keeps at most.</param>
    public MetricsCollector(Func<Meter, bool>? include = null, int maxSeriesPerMetric = DefaultMaxSeriesPerMetric)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeriesPerMetric, 1);
        _include = include ?? (meter => meter.Name.StartsWith("Rollouts.", StringComparison.Ordinal));
        _maxSeries = maxSeriesPerMetric;
        _listener.InstrumentPublished = Published;
        _listener.SetMeasurementEventCallback<byte>((i, v, t, s) => Record(s, v, t));
        _listener.SetMeasurementEventCallback<short>((i, v, t, s) => Record(s, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, s) => Record(s, v, t));
        _listener.SetMeasurementEventCallback<long>((i, v, t, s) => Record(s, v, t));
        _listener.SetMeasurementEventCallback<float>((i, v, t, s) => Record(s, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, s) => Record(s, v, t));
        _listener.SetMeasurementEventCallback<decimal>((i, v, t, s) => Record(s, (double)v, t));
        _listener.Start();
    }

    /// <summary>
    /// Reads the observable instruments, then writes every metric with at least one series, ordered by name,
    /// each metric's series ordered by labels.
    /// </summary>
    public void WriteTo(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (_scrape)
        {
            foreach (var family in _families.Values.Where(f => f.Shape.Observable))
            {
                family.Clear();
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException failures)
            {
                // A callback that throws must not cost the scrape the other metrics; it is counted instead.
                Interlocked.Add(ref _callbackErrors, failures.InnerExceptions.Count);
            }

            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                family.WriteTo(writer);
            }

            WriteOwnMetrics(writer);
        }
    }

    /// <summary>The text a scrape returns, as <see cref="WriteTo"/> writes it.</summary>
    public string Render()
    {
        var writer = new PrometheusTextWriter();
        WriteTo(writer);
        return writer.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Published(Instrument instrument, MeterListener listener)
    {
        if (!_include(instrument.Meter) || Shape(instrument) is not { } shape)
        {
            return;
        }

        var name = PrometheusNames.Metric(instrument.Name, instrument.Unit, shape.Type);
        var family = _families.GetOrAdd(name, n => new MetricFamily(
            n,
            string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description,
            shape,
            shape.Type == PrometheusType.Histogram ? Bounds(instrument) ?? DefaultBuckets : [],
            _maxSeries));
        if (family.Shape != shape)
        {
            // Another instrument already made a metric of this name with another type; the first one keeps it.
            return;
        }

        KeyValuePair<string, string>[] constantLabels =
        [
            .. (instrument.Meter.Tags ?? []).Concat(instrument.Tags ?? [])
                .Select(t => new KeyValuePair<string, string>(PrometheusNames.Label(t.Key), Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")),
        ];
        listener.EnableMeasurementEvents(instrument, new InstrumentState(family, constantLabels));
    }

    private static void Record(object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (state is InstrumentState instrument)
        {
            instrument.Family.Record(value, instrument.ConstantLabels, tags);
        }
    }

    /// <summary>The family shape of an instrument of the System.Diagnostics.Metrics kinds; null for kinds unknown here.</summary>
    private static FamilyShape? Shape(Instrument instrument)
    {
        if (!instrument.GetType().IsGenericType)
        {
            return null;
        }

        var kind = instrument.GetType().GetGenericTypeDefinition();
        if (kind == typeof(Counter<>))
        {
            return new(PrometheusType.Counter, Aggregation.Sum, Monotonic: true, Observable: false);
        }

        if (kind == typeof(UpDownCounter<>))
        {
            return new(PrometheusType.Gauge, Aggregation.Sum, Monotonic: false, Observable: false);
        }

        if (kind == typeof(Histogram<>))
        {
            return new(PrometheusType.Histogram, Aggregation.Histogram, Monotonic: false, Observable: false);
        }

        if (kind == typeof(Gauge<>))
        {
            return new(PrometheusType.Gauge, Aggregation.LastValue, Monotonic: false, Observable: false);
        }

        if (kind == typeof(ObservableCounter<>))
        {
            return new(PrometheusType.Counter, Aggregation.LastValue, Monotonic: true, Observable: true);
        }

        if (kind == typeof(ObservableUpDownCounter<>) || kind == typeof(ObservableGauge<>))
        {
            return new(PrometheusType.Gauge, Aggregation.LastValue, Monotonic: false, Observable: true);
        }

        return null;
    }

    /// <summary>The bucket boundaries the instrument's advice gives, if any.</summary>
    private static double[]? Bounds(Instrument instrument) => instrument switch
    {
        Instrument<double> d => d.Advice?.HistogramBucketBoundaries?.ToArray(),
        Instrument<float> f => f.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<long> l => l.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<short> s => s.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<byte> b => b.Advice?.HistogramBucketBoundaries?.Select(x => (double)x).ToArray(),
        Instrument<decimal> m => m.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        _ => null,
    } is { Length: > 0 } bounds ? bounds : null;

    private void WriteOwnMetrics(PrometheusTextWriter writer)
    {
        var dropped = _families.Values.Where(f => f.Dropped > 0).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (dropped.Count > 0)
        {
            writer.Family(
                DroppedSeriesMetric,
                "counter",
                $"Measurements dropped because their metric already had {_maxSeries} label sets, the most one metric keeps.");
            foreach (var family in dropped)
            {
                writer.Sample(DroppedSeriesMetric, [new("metric", family.Name)], family.Dropped);
            }
        }

        var errors = Interlocked.Read(ref _callbackErrors);
        if (errors > 0)
        {
            writer.Family(CallbackErrorsMetric, "counter", "Callbacks of observable instruments that threw while metrics were collected.");
            writer.Sample(CallbackErrorsMetric, [], errors);
        }
    }

    private sealed record InstrumentState(MetricFamily Family, KeyValuePair<string, string>[] ConstantLabels);
}
