using Rollouts.Api.Analysis;
using Rollouts.Engine.Analysis;
using static Rollouts.Engine.Tests.Analysis.AnalysisTestValues;

namespace Rollouts.Engine.Tests.Analysis;

public sealed class AnalysisRunEvaluatorTests
{
    [Theory]
    // failureLimit: failed measurements must exceed it.
    [InlineData(0, 0, 4, "S", AnalysisPhase.Running)]
    [InlineData(0, 0, 4, "F", AnalysisPhase.Failed)]
    [InlineData(1, 0, 4, "F", AnalysisPhase.Running)]
    [InlineData(1, 0, 4, "FSF", AnalysisPhase.Failed)]
    [InlineData(2, 0, 4, "FF", AnalysisPhase.Running)]
    [InlineData(2, 0, 4, "FSFSF", AnalysisPhase.Failed)]
    // inconclusiveLimit.
    [InlineData(0, 0, 4, "I", AnalysisPhase.Inconclusive)]
    [InlineData(0, 1, 4, "I", AnalysisPhase.Running)]
    [InlineData(0, 1, 4, "ISI", AnalysisPhase.Inconclusive)]
    // consecutiveErrorLimit: errors in a row; any other measurement resets the run of errors.
    [InlineData(0, 0, 4, "EEEE", AnalysisPhase.Running)]
    [InlineData(0, 0, 4, "EEEEE", AnalysisPhase.Error)]
    [InlineData(0, 0, 4, "EEEESEEEE", AnalysisPhase.Running)]
    [InlineData(0, 0, 4, "EEEESEEEEE", AnalysisPhase.Error)]
    [InlineData(0, 0, 0, "E", AnalysisPhase.Error)]
    // The first measurement past a limit ends the run; later ones change nothing.
    [InlineData(0, 0, 4, "IF", AnalysisPhase.Inconclusive)]
    [InlineData(0, 0, 0, "ES", AnalysisPhase.Error)]
    public void Limits_decide_the_metric_and_the_run(int failureLimit, int inconclusiveLimit, int errorLimit, string phases, string expected)
    {
        var spec = Spec(Metric(interval: "10s", failureLimit: failureLimit, inconclusiveLimit: inconclusiveLimit, consecutiveErrorLimit: errorLimit));

        var status = Measure(spec, "success-rate", phases);

        Assert.Equal(expected, status.MetricResults![0].Phase);
        Assert.Equal(expected, status.Phase);
        Assert.Equal(expected, AnalysisRunEvaluator.RunPhase(spec, status).Phase);
    }

    [Theory]
    [InlineData(3, null, "SS", AnalysisPhase.Running)]
    [InlineData(3, null, "SSS", AnalysisPhase.Successful)]
    [InlineData(3, 1, "SFS", AnalysisPhase.Successful)]
    [InlineData(2, null, "SE", AnalysisPhase.Running)]
    [InlineData(2, null, "SES", AnalysisPhase.Successful)]
    [InlineData(null, null, "S", AnalysisPhase.Successful)]
    public void A_run_with_count_ends_when_its_measurements_are_done(int? count, int? failureLimit, string phases, string expected)
    {
        var interval = count is null ? null : "10s";
        var spec = Spec(Metric(count: count, interval: interval, failureLimit: failureLimit));

        var status = Measure(spec, "success-rate", phases);

        Assert.Equal(expected, status.Phase);
        if (expected == AnalysisPhase.Successful)
        {
            Assert.Null(AnalysisRunEvaluator.NextDue(spec, status, T0.AddHours(1)));
        }
    }

    [Fact]
    public void A_run_without_count_goes_on_until_terminated_and_then_ends_Successful()
    {
        var spec = Spec(Metric(interval: "10s", failureLimit: 1));
        var status = Measure(spec, "success-rate", "SSFSSSSSSS");
        Assert.Equal(AnalysisPhase.Running, status.Phase);
        Assert.Equal(TimeSpan.FromSeconds(10), AnalysisRunEvaluator.NextDue(spec, status, T0.AddSeconds(90)));

        var terminated = spec with { Terminate = true };
        var ended = AnalysisRunEvaluator.Refresh(terminated, status);

        Assert.Equal(AnalysisPhase.Successful, ended.Phase);
        Assert.Contains("terminated", ended.Message);
        Assert.Equal(AnalysisPhase.Successful, ended.MetricResults![0].Phase);
        Assert.Null(AnalysisRunEvaluator.NextDue(terminated, ended, T0.AddSeconds(100)));
        Assert.Empty(AnalysisRunEvaluator.DueMetrics(terminated, ended, T0.AddSeconds(100)));
    }

    [Fact]
    public void A_run_terminated_before_its_first_measurement_ends_Successful()
    {
        var spec = Spec(Metric(interval: "10s")) with { Terminate = true };

        var status = AnalysisRunEvaluator.Start(spec, null, T0);

        Assert.Equal(AnalysisPhase.Successful, status.Phase);
    }

    [Fact]
    public void Terminating_does_not_hide_a_failure()
    {
        var spec = Spec(Metric(interval: "10s"));
        var failed = Measure(spec, "success-rate", "SF");

        var ended = AnalysisRunEvaluator.Refresh(spec with { Terminate = true }, failed);

        Assert.Equal(AnalysisPhase.Failed, ended.Phase);
    }

    [Theory]
    [InlineData(AnalysisPhase.Inconclusive, AnalysisPhase.Failed, AnalysisPhase.Failed, "error-rate")]
    [InlineData(AnalysisPhase.Failed, AnalysisPhase.Error, AnalysisPhase.Failed, "success-rate")]
    [InlineData(AnalysisPhase.Inconclusive, AnalysisPhase.Error, AnalysisPhase.Error, "error-rate")]
    [InlineData(AnalysisPhase.Successful, AnalysisPhase.Inconclusive, AnalysisPhase.Inconclusive, "error-rate")]
    public void The_worst_deciding_metric_decides_the_run_and_is_named(string first, string second, string expected, string named)
    {
        var spec = Spec(Metric("success-rate", interval: "10s", consecutiveErrorLimit: 0), Metric("error-rate", interval: "10s", consecutiveErrorLimit: 0));
        var one = AnalysisRunEvaluator.Apply(spec, null, "success-rate", Measured(first, 0, value: "[0.5]"));
        var other = AnalysisRunEvaluator.Apply(spec, null, "error-rate", Measured(second, 0, value: "[0.25]"));
        var both = new AnalysisRunStatus { StartedAt = T0, MetricResults = [one.MetricResults![0], other.MetricResults![1]] };

        var verdict = AnalysisRunEvaluator.RunPhase(spec, both);

        Assert.Equal(expected, verdict.Phase);
        Assert.Contains($"\"{named}\"", verdict.Message);
        Assert.Contains(named == "success-rate" ? "[0.5]" : "[0.25]", verdict.Message);
    }

    [Fact]
    public void A_failed_run_names_the_metric_its_limit_and_last_value()
    {
        var spec = Spec(Metric("error-rate", interval: "10s", failureLimit: 1));

        var status = Measure(spec, "error-rate", "FF", value: "[0.12]");

        Assert.Equal(
            "metric \"error-rate\" failed: 2 measurements failed, more than failureLimit 1; last value [0.12]",
            status.Message);
        Assert.Equal(new RunSummary { Count = 1, Successful = 0, Failed = 1, Inconclusive = 0, Error = 0 }, status.RunSummary);
    }

    [Theory]
    [InlineData("F", AnalysisPhase.Successful)]
    [InlineData("E", AnalysisPhase.Successful)]
    [InlineData("I", AnalysisPhase.Successful)]
    public void Dry_run_metrics_never_decide_the_run(string dryRunPhases, string expected)
    {
        var spec = Spec(Metric("success-rate", count: 1, interval: "10s"), Metric("experimental", interval: "10s", consecutiveErrorLimit: 0)) with
        {
            DryRun = [new DryRunMetric { MetricName = "experimental" }],
        };
        var status = Measure(spec, "experimental", dryRunPhases);
        status = AnalysisRunEvaluator.Apply(spec, status, "success-rate", Measured(AnalysisPhase.Successful, 0));

        Assert.Equal(expected, status.Phase);
        var dryRun = status.MetricResults!.Single(r => r.Name == "experimental");
        Assert.True(dryRun.DryRun);
        Assert.Equal(PhaseOf(dryRunPhases[^1]), dryRun.Phase);
    }

    [Fact]
    public void A_dry_run_metric_still_running_keeps_the_run_running()
    {
        var spec = Spec(Metric("success-rate", count: 1), Metric("experimental", interval: "10s")) with
        {
            DryRun = [new DryRunMetric { MetricName = "experimental" }],
        };

        var status = AnalysisRunEvaluator.Apply(spec, null, "success-rate", Measured(AnalysisPhase.Successful, 0));

        Assert.Equal(AnalysisPhase.Running, status.Phase);
        Assert.Equal(AnalysisPhase.Successful, status.MetricResults![0].Phase);
    }

    [Fact]
    public void Apply_keeps_only_the_retained_measurements_but_counts_all()
    {
        var spec = Spec(Metric(interval: "10s", failureLimit: 5)) with
        {
            MeasurementRetention = [new MeasurementRetention { MetricName = "success-rate", Limit = 2 }],
        };

        var status = Measure(spec, "success-rate", "SFS");

        var result = status.MetricResults![0];
        Assert.Equal(2, result.Measurements!.Count);
        Assert.Equal(T0.AddSeconds(20), result.Measurements[^1].StartedAt);
        Assert.Equal((3, 2, 1), (result.Count, result.Successful, result.Failed));
    }

    [Fact]
    public void Apply_refuses_a_metric_the_run_does_not_have()
    {
        var spec = Spec(Metric());

        var error = Assert.Throws<ArgumentException>(() => AnalysisRunEvaluator.Apply(spec, null, "latency", Measured(AnalysisPhase.Successful, 0)));

        Assert.Contains("\"latency\"", error.Message);
    }

    [Fact]
    public void Start_sets_the_start_and_a_pending_result_for_every_metric()
    {
        var spec = Spec(Metric("success-rate"), Metric("error-rate"));

        var status = AnalysisRunEvaluator.Start(spec, null, T0);

        Assert.Equal(T0, status.StartedAt);
        Assert.Equal(AnalysisPhase.Running, status.Phase);
        Assert.Equal(["success-rate", "error-rate"], status.MetricResults!.Select(r => r.Name));
        Assert.All(status.MetricResults!, r => Assert.Equal(AnalysisPhase.Pending, r.Phase));
        Assert.Same(status, AnalysisRunEvaluator.Start(spec, status, T0.AddMinutes(1)));
    }

    internal static AnalysisRunSpec Spec(params Metric[] metrics) => new() { Metrics = metrics };

    /// <summary>Applies one measurement per letter (S, F, I, E), started 10 s apart from T0.</summary>
    internal static AnalysisRunStatus Measure(AnalysisRunSpec spec, string metric, string phases, string? value = null)
    {
        var status = AnalysisRunEvaluator.Start(spec, null, T0);
        for (var i = 0; i < phases.Length; i++)
        {
            status = AnalysisRunEvaluator.Apply(spec, status, metric, Measured(PhaseOf(phases[i]), i * 10, value: value));
        }

        return status;
    }
}
