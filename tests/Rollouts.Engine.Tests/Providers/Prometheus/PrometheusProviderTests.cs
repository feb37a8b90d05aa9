using Rollouts.Engine.Providers;
using Rollouts.Engine.Providers.Prometheus;

namespace Rollouts.Engine.Tests.Providers.Prometheus;

/// <summary>The Prometheus provider against the real server.</summary>
public sealed class PrometheusProviderTests(PrometheusFixture fixture) : IClassFixture<PrometheusFixture>, IDisposable
{
    private static readonly Dictionary<string, string> NoArgs = [];

    private readonly ProviderHttp _http = new(AddressPolicy.Any);

    private PrometheusQuery Query(string promql) => new(fixture.Server.Url.ToString(), promql);

    private Task<ProviderOutcome> MeasureAsync(string promql, IReadOnlyDictionary<string, string>? args = null) =>
        new PrometheusProvider(_http).MeasureAsync(Query(promql), args ?? NoArgs, CancellationToken.None);

    [Fact]
    public async Task A_vector_result_has_one_series_per_label_set_with_its_labels_and_value()
    {
        var outcome = await MeasureAsync("rollouts_test_requests");

        var result = Assert.IsType<QueryResult>(outcome.Result);
        Assert.Equal(ResultKind.Vector, result.Kind);
        var byVersion = result.Series.ToDictionary(s => s.Labels["version"], s => s.Value);
        Assert.Equal(new Dictionary<string, double> { ["stable"] = 10, ["canary"] = 3 }, byVersion);
        Assert.All(result.Series, s => Assert.Equal("test", s.Labels["job"]));
        Assert.All(result.Series, s => Assert.Single(s.Samples));
    }

    [Fact]
    public async Task A_scalar_result_is_one_unlabelled_series()
    {
        var outcome = await MeasureAsync("scalar(sum(rollouts_test_requests))");

        var result = Assert.IsType<QueryResult>(outcome.Result);
        Assert.Equal(ResultKind.Scalar, result.Kind);
        var series = Assert.Single(result.Series);
        Assert.Empty(series.Labels);
        Assert.Equal(13, series.Value);
    }

    [Fact]
    public async Task A_query_that_matches_nothing_is_an_empty_result_not_an_error()
    {
        var outcome = await MeasureAsync("rollouts_test_requests{version=\"none\"}");

        Assert.False(outcome.IsError);
        Assert.Equal(ResultKind.Vector, outcome.Result!.Kind);
        Assert.Empty(outcome.Result.Series);
        Assert.Empty(outcome.Result.Values);
    }

    [Theory]
    [InlineData("0/0", double.NaN)]
    [InlineData("1/0", double.PositiveInfinity)]
    [InlineData("-1/0", double.NegativeInfinity)]
    [InlineData("sum(rollouts_test_requests{version=\"canary\"}) / sum(rollouts_test_requests)", 3.0 / 13)]
    public async Task Special_values_are_parsed(string promql, double expected)
    {
        var outcome = await MeasureAsync(promql);

        Assert.Equal(expected, Assert.Single(outcome.Result!.Values));
    }

    [Fact]
    public async Task Arguments_are_substituted_into_the_query()
    {
        var outcome = await MeasureAsync("rollouts_test_requests{version=\"{{args.version}}\"}", new Dictionary<string, string> { ["version"] = "canary" });

        Assert.Equal([3.0], outcome.Result!.Values);
    }

    [Fact]
    public async Task A_query_Prometheus_cannot_parse_is_an_error_with_the_servers_message()
    {
        var outcome = await MeasureAsync("sum(rollouts_test_requests");

        Assert.True(outcome.IsError);
        Assert.StartsWith("prometheus answered 400: bad_data: ", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("parse error", outcome.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_range_query_returns_each_series_samples_over_the_window_oldest_first()
    {
        fixture.Exporter.Set("rollouts_test_latency", 1, ("version", "canary"));
        // Two scrapes of the first value, so that some step of the window falls between them whatever its phase.
        await fixture.Server.WaitForSeriesAsync("count_over_time(rollouts_test_latency[1m]) >= 2", r => r.AsArray().Count == 1);
        fixture.Exporter.Set("rollouts_test_latency", 2, ("version", "canary"));
        await fixture.Server.WaitForSeriesAsync("rollouts_test_latency == 2", r => r.AsArray().Count == 1);
        var now = DateTimeOffset.UtcNow;

        var outcome = await new PrometheusProvider(_http).QueryRangeAsync(Query("rollouts_test_latency"), NoArgs,
            new PrometheusRange(now.AddSeconds(-60), now, TimeSpan.FromSeconds(1)), CancellationToken.None);

        var result = Assert.IsType<QueryResult>(outcome.Result);
        Assert.Equal(ResultKind.Matrix, result.Kind);
        var series = Assert.Single(result.Series);
        Assert.Equal("canary", series.Labels["version"]);
        var values = series.Samples.Select(s => s.Value).ToList();
        Assert.Equal([1.0, 2.0], values.Distinct());
        Assert.Equal(series.Samples.OrderBy(s => s.Timestamp), series.Samples);
        Assert.Equal(TimeSpan.FromSeconds(1), series.Samples[1].Timestamp - series.Samples[0].Timestamp);
    }

    public void Dispose() => _http.Dispose();
}
