using System.Globalization;
using Rollouts.Api.Analysis;
using Rollouts.Operator.Hosting;
using Rollouts.Operator.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Controllers.Analysis;

/// <summary>
/// AnalysisRuns made by hand with kubectl, measured by the operator against a real Prometheus that scrapes a test
/// exporter every second: a prometheus metric is measured count times an interval apart and the run ends
/// Successful or Failed with the value in its status; the judge compares canary with baseline over a window.
/// </summary>
public sealed class PrometheusAnalysisTests(PrometheusAnalysisTests.World world) : IClassFixture<PrometheusAnalysisTests.World>
{
    [Fact]
    public async Task A_healthy_metric_is_measured_count_times_an_interval_apart_and_the_run_succeeds()
    {
        await world.Analysis.ApplyAsync(ErrorRatioRun("healthy", version: "good", count: 3, failureLimit: 0));

        var run = await world.Analysis.WaitForEndAsync("healthy");

        Assert.Equal(AnalysisPhase.Successful, run.Status!.Phase);
        var result = Assert.Single(run.Status.MetricResults!);
        Assert.Equal((AnalysisPhase.Successful, 3, 3), (result.Phase, result.Count, result.Successful));
        var measurements = result.Measurements!;
        Assert.All(measurements, m => Assert.Equal((AnalysisPhase.Successful, "[0.01]"), (m.Phase, m.Value)));
        var starts = measurements.Select(m => m.StartedAt!.Value).ToArray();
        // Never sooner than the interval (on a loaded machine a measurement may start a second late).
        Assert.All(starts.Zip(starts.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= TimeSpan.FromSeconds(1), $"measurements {gap} apart"));
        Assert.Equal(starts[0], run.Status.StartedAt);
    }

    [Fact]
    public async Task A_metric_failing_more_often_than_its_failure_limit_fails_the_run_with_the_value_in_the_message()
    {
        await world.Analysis.ApplyAsync(ErrorRatioRun("unhealthy", version: "bad", count: 3, failureLimit: 1));

        var run = await world.Analysis.WaitForEndAsync("unhealthy");

        Assert.Equal(AnalysisPhase.Failed, run.Status!.Phase);
        Assert.StartsWith("metric \"error-ratio\" failed: 2 measurements failed, more than failureLimit 1; last value [0.2]", run.Status.Message, StringComparison.Ordinal);
        var measurements = Assert.Single(run.Status.MetricResults!).Measurements!;
        Assert.Equal([AnalysisPhase.Failed, AnalysisPhase.Failed], measurements.Select(m => m.Phase));
        var failed = await world.Analysis.WaitForEventAsync("unhealthy", "AnalysisRunFailed");
        Assert.Equal("Warning", failed.Type);
    }

    [Fact]
    public async Task The_judge_fails_a_canary_clearly_worse_than_its_baseline()
    {
        await world.Analysis.ApplyAsync($$"""
            apiVersion: rollouts.dev/v1alpha1
            kind: AnalysisRun
            metadata: {name: judged}
            spec:
              metrics:
              - name: errors
                provider:
                  judge:
                    address: {{world.Prometheus.Url}}
                    canaryQuery: checkout_error_ratio{version="bad"}
                    baselineQuery: checkout_error_ratio{version="good"}
                    lookback: 4s
                    step: 1s
                    minSamples: 3
                    direction: Increase
            """);

        var run = await world.Analysis.WaitForEndAsync("judged");

        Assert.True(run.Status!.Phase == AnalysisPhase.Failed, run.Status.Message);
        var measurement = Assert.Single(Assert.Single(run.Status.MetricResults!).Measurements!);
        Assert.Equal((AnalysisPhase.Failed, "0"), (measurement.Phase, measurement.Value));
        Assert.Contains("this metric: Fail: significant increase", measurement.Message, StringComparison.Ordinal);
    }

    private string ErrorRatioRun(string name, string version, int count, int failureLimit) => $$$"""
        apiVersion: rollouts.dev/v1alpha1
        kind: AnalysisRun
        metadata: {name: {{{name}}}}
        spec:
          args:
          - {name: version, value: {{{version}}}}
          metrics:
          - name: error-ratio
            interval: 1s
            count: {{{count}}}
            failureLimit: {{{failureLimit}}}
            successCondition: result[0] < 0.05
            provider:
              prometheus:
                address: {{{world.Prometheus.Url}}}
                query: checkout_error_ratio{version="{{args.version}}"}
        """;

    /// <summary>A test exporter with a good and a bad version's error ratio, a Prometheus scraping it, and the operator.</summary>
    public sealed class World : IAsyncLifetime
    {
        private TestExporter _exporter = null!;

        public PrometheusServer Prometheus { get; private set; } = null!;

        internal AnalysisWorld Analysis { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _exporter = await TestExporter.StartAsync();
            _exporter.Set("checkout_error_ratio", 0.01, ("version", "good"));
            _exporter.Set("checkout_error_ratio", 0.2, ("version", "bad"));
            Prometheus = await PrometheusServer.StartAsync([_exporter.Target]);
            Analysis = await AnalysisWorld.StartAsync(new OperatorOptions());
            // The judge looks back 4 s at a 1 s step: wait for five scrapes of each version.
            await Prometheus.WaitForSeriesAsync("count_over_time(checkout_error_ratio[5s])",
                result => result.AsArray().Count == 2 && result.AsArray().All(s => double.Parse((string)s!["value"]![1]!, CultureInfo.InvariantCulture) >= 5));
        }

        public async Task DisposeAsync()
        {
            await Analysis.DisposeAsync();
            await Prometheus.DisposeAsync();
            await _exporter.DisposeAsync();
        }
    }
}
