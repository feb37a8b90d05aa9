using System.Diagnostics.Metrics;
using Rollouts.Kubernetes.Runtime.Metrics;

namespace Rollouts.Kubernetes.Tests.Runtime.Metrics;

/// <summary>
/// What a scrape of the collector returns for small known instruments. Each test listens only to a meter of its
/// own, so instruments other tests create at the same time do not show.
/// </summary>
public sealed class MetricsCollectorTests : IDisposable
{
    private readonly Meter _meter = new("Rollouts.Tests." + Guid.NewGuid().ToString("N"));

    public void Dispose() => _meter.Dispose();

    [Fact]
    public void A_counter_is_summed_per_tag_set_with_total_suffix_help_and_sorted_series()
    {
        using var collector = Collector();
        var requests = _meter.CreateCounter<long>("test.requests", "{request}", "Requests sent.");

        requests.Add(1, new KeyValuePair<string, object?>("verb", "list"));
        requests.Add(2, new KeyValuePair<string, object?>("verb", "get"), new KeyValuePair<string, object?>("code", 200));
        requests.Add(3, new KeyValuePair<string, object?>("code", 200), new KeyValuePair<string, object?>("verb", "get"));

        Assert.Equal(Text("""
            # HELP test_requests_total Requests sent.
            # TYPE test_requests_total counter
            test_requests_total{code="200",verb="get"} 5
            test_requests_total{verb="list"} 1

            """), collector.Render());
    }

    [Fact]
    public void Label_values_and_help_are_escaped_and_tag_names_sanitised()
    {
        using var collector = Collector();
        var gauge = _meter.CreateUpDownCounter<int>("test.in_flight", null, "Work in flight: a \\ b\nsecond line");

        gauge.Add(2, new KeyValuePair<string, object?>("queue.Name", "a\"b\\c\nd"));
        gauge.Add(-1, new KeyValuePair<string, object?>("queue.Name", "a\"b\\c\nd"));

        Assert.Equal(Text("""
            # HELP test_in_flight Work in flight: a \\ b\nsecond line
            # TYPE test_in_flight gauge
            test_in_flight{queue_name="a\"b\\c\nd"} 1

            """), collector.Render());
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_over_the_advised_boundaries()
    {
        using var collector = Collector();
        var latency = _meter.CreateHistogram(
            "test.latency", "s", "Latency.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2] });

        foreach (var seconds in new[] { 0.5, 1.0, 1.5, 3.0 })
        {
            latency.Record(seconds, new KeyValuePair<string, object?>("code", "200"));
        }

        Assert.Equal(Text("""
            # HELP test_latency_seconds Latency.
            # TYPE test_latency_seconds histogram
            test_latency_seconds_bucket{code="200",le="1"} 2
            test_latency_seconds_bucket{code="200",le="2"} 3
            test_latency_seconds_bucket{code="200",le="+Inf"} 4
            test_latency_seconds_sum{code="200"} 6
            test_latency_seconds_count{code="200"} 4

            """), collector.Render());
    }

    [Fact]
    public void A_histogram_without_advice_has_the_Prometheus_default_buckets()
    {
        using var collector = Collector();
        var sizes = _meter.CreateHistogram<int>("test.wait", "s", "Waits.");

        sizes.Record(7);

        var lines = collector.Render().Split('\n');
        Assert.Equal(
            ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"],
            lines.Where(l => l.StartsWith("test_wait_seconds_bucket", StringComparison.Ordinal)).Select(l => l.Split('"')[1]));
        Assert.Contains("test_wait_seconds_bucket{le=\"5\"} 0", lines);
        Assert.Contains("test_wait_seconds_bucket{le=\"10\"} 1", lines);
    }

    [Fact]
    public void Observable_instruments_are_read_at_each_scrape_and_forget_what_they_no_longer_report()
    {
        using var collector = Collector();
        var queues = new Dictionary<string, int> { ["rollouts"] = 3, ["analysis"] = 0 };
        _meter.CreateObservableGauge(
            "test.depth",
            () => queues.Select(q => new Measurement<int>(q.Value, new KeyValuePair<string, object?>("name", q.Key))).ToList(),
            "{key}",
            "Keys waiting.");
        long served = 0;
        _meter.CreateObservableCounter("test.served", () => served, "{request}", "Requests served.");

        served = 4;
        var first = collector.Render();
        queues.Remove("analysis");
        queues["rollouts"] = 1;
        served = 9;
        var second = collector.Render();

        Assert.Equal(Text("""
            # HELP test_depth Keys waiting.
            # TYPE test_depth gauge
            test_depth{name="analysis"} 0
            test_depth{name="rollouts"} 3
            # HELP test_served_total Requests served.
            # TYPE test_served_total counter
            test_served_total 4

            """), first);
        Assert.Equal(Text("""
            # HELP test_depth Keys waiting.
            # TYPE test_depth gauge
            test_depth{name="rollouts"} 1
            # HELP test_served_total Requests served.
            # TYPE test_served_total counter
            test_served_total 9

            """), second);
    }

    [Fact]
    public void Instruments_of_one_name_on_several_meters_share_one_family()
    {
        using var other = new Meter(_meter.Name);
        using var collector = new MetricsCollector(m => m.Name == _meter.Name);
        _meter.CreateCounter<long>("test.adds", "{key}", "Keys added.").Add(1, new KeyValuePair<string, object?>("name", "a"));
        other.CreateCounter<long>("test.adds", "{key}", "Keys added.").Add(2, new KeyValuePair<string, object?>("name", "b"));

        Assert.Equal(Text("""
            # HELP test_adds_total Keys added.
            # TYPE test_adds_total counter
            test_adds_total{name="a"} 1
            test_adds_total{name="b"} 2

            """), collector.Render());
    }

    [Fact]
    public void Families_are_ordered_by_name_and_empty_ones_are_not_written()
    {
        using var collector = Collector();
        _meter.CreateCounter<long>("test.zeta", null, "Z.").Add(1);
        _meter.CreateCounter<long>("test.alpha", null, "A.").Add(1);
        _meter.CreateCounter<long>("test.never", null, "Never recorded.");

        Assert.Equal(Text("""
            # HELP test_alpha_total A.
            # TYPE test_alpha_total counter
            test_alpha_total 1
            # HELP test_zeta_total Z.
            # TYPE test_zeta_total counter
            test_zeta_total 1

            """), collector.Render());
    }

    [Fact]
    public void Beyond_the_series_limit_new_label_sets_are_dropped_and_counted()
    {
        using var collector = new MetricsCollector(m => ReferenceEquals(m, _meter), maxSeriesPerMetric: 2);
        var requests = _meter.CreateCounter<long>("test.requests", null, "Requests.");

        foreach (var user in new[] { "a", "b", "c", "d", "a" })
        {
            requests.Add(1, new KeyValuePair<string, object?>("user", user));
        }

        Assert.Equal(Text("""
            # HELP test_requests_total Requests.
            # TYPE test_requests_total counter
            test_requests_total{user="a"} 2
            test_requests_total{user="b"} 1
            # HELP rollouts_metrics_series_dropped_total Measurements dropped because their metric already had 2 label sets, the most one metric keeps.
            # TYPE rollouts_metrics_series_dropped_total counter
            rollouts_metrics_series_dropped_total{metric="test_requests_total"} 2

            """), collector.Render());
    }

    [Fact]
    public void A_counter_ignores_negative_increments_and_keeps_only_instruments_of_the_first_type_for_a_name()
    {
        using var collector = Collector();
        var counter = _meter.CreateCounter<double>("test.things", null, "Things.");
        _ = _meter.CreateObservableGauge("test.things.total", () => 42.0, null, "Not a counter.");

        counter.Add(2.5);
        counter.Add(-1);

        Assert.Equal(Text("""
            # HELP test_things_total Things.
            # TYPE test_things_total counter
            test_things_total 2.5

            """), collector.Render());
    }

    [Fact]
    public void A_callback_that_throws_is_counted_and_the_other_metrics_are_still_written()
    {
        using var collector = Collector();
        Func<int> broken = () => throw new InvalidOperationException("no data");
        _meter.CreateObservableGauge("test.broken", broken, null, "Broken.");
        _meter.CreateCounter<long>("test.fine", null, "Fine.").Add(1);

        var text = collector.Render();

        Assert.Contains("test_fine_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("rollouts_metrics_callback_errors_total 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Meters_outside_the_project_are_not_collected_by_default()
    {
        using var outside = new Meter("Other.Library." + Guid.NewGuid().ToString("N"));
        using var collector = new MetricsCollector();
        outside.CreateCounter<long>("outside.calls", null, "Calls.").Add(1);
        _meter.CreateCounter<long>("inside.calls." + _meter.Name.Replace('.', '_'), null, "Calls.").Add(1);

        var text = collector.Render();

        Assert.DoesNotContain("outside_calls", text, StringComparison.Ordinal);
        Assert.Contains("inside_calls_", text, StringComparison.Ordinal);
    }

    private MetricsCollector Collector() => new(m => ReferenceEquals(m, _meter));

    private static string Text(string text) => text.ReplaceLineEndings("\n");
}
