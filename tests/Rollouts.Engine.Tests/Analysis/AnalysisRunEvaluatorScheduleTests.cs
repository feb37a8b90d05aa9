using Rollouts.Api.Analysis;
using Rollouts.Engine.Analysis;
using static Rollouts.Engine.Tests.Analysis.AnalysisRunEvaluatorTests;
using static Rollouts.Engine.Tests.Analysis.AnalysisTestValues;

namespace Rollouts.Engine.Tests.Analysis;

public sealed class AnalysisRunEvaluatorScheduleTests
{
    [Theory]
    // No initial delay: the first measurement is due when the run starts.
    [InlineData(null, 0, 0.0)]
    // Initial delay counted from the run's start.
    [InlineData("30s", 0, 30.0)]
    [InlineData("30s", 5, 25.0)]
    [InlineData("30s", 30, 0.0)]
    [InlineData("30s", 45, 0.0)]
    [InlineData("1m", 20, 40.0)]
    public void The_first_measurement_waits_for_the_initial_delay(string? initialDelay, int nowSeconds, double dueInSeconds)
    {
        var spec = Spec(Metric(interval: "10s", initialDelay: initialDelay));
        var status = AnalysisRunEvaluator.Start(spec, null, T0);
        var now = T0.AddSeconds(nowSeconds);

        Assert.Equal(TimeSpan.FromSeconds(dueInSeconds), AnalysisRunEvaluator.NextDue(spec, status, now));
        Assert.Equal(dueInSeconds == 0 ? ["success-rate"] : [], AnalysisRunEvaluator.DueMetrics(spec, status, now));
    }

    [Theory]
    // A measurement started at 0 s took 3 s; with interval 10 s the next is due at 10 s, not 13 s.
    [InlineData(3, 7.0)]
    [InlineData(9, 1.0)]
    [InlineData(10, 0.0)]
    // An operator that comes back late measures at once, and the one after is again an interval after that start.
    [InlineData(25, 0.0)]
    public void The_next_measurement_is_an_interval_after_the_last_one_started(int nowSeconds, double dueInSeconds)
    {
        var spec = Spec(Metric(interval: "10s"));
        var status = AnalysisRunEvaluator.Start(spec, null, T0);
        status = AnalysisRunEvaluator.Apply(spec, status, "success-rate", Measured(AnalysisPhase.Successful, 0, tookSeconds: 3));

        Assert.Equal(TimeSpan.FromSeconds(dueInSeconds), AnalysisRunEvaluator.NextDue(spec, status, T0.AddSeconds(nowSeconds)));
    }

    [Fact]
    public void Measurements_do_not_drift_over_many_intervals()
    {
        var spec = Spec(Metric(interval: "10s"));
        var status = AnalysisRunEvaluator.Start(spec, null, T0);
        var now = T0;
        var starts = new List<DateTimeOffset>();
        for (var i = 0; i < 6; i++)
        {
            now += AnalysisRunEvaluator.NextDue(spec, status, now)!.Value;
            Assert.Equal(["success-rate"], AnalysisRunEvaluator.DueMetrics(spec, status, now));
            starts.Add(now);
            var finished = now.AddSeconds(3);
            status = AnalysisRunEvaluator.Apply(spec, status, "success-rate", new Measurement { Phase = AnalysisPhase.Successful, StartedAt = now, FinishedAt = finished });
            now = finished;
        }

        Assert.Equal(Enumerable.Range(0, 6).Select(i => T0.AddSeconds(10 * i)), starts);
    }

    [Fact]
    public void The_requeue_is_for_the_metric_due_first()
    {
        var spec = Spec(Metric("success-rate", interval: "30s"), Metric("error-rate", interval: "15s"));
        var status = AnalysisRunEvaluator.Start(spec, null, T0);
        status = AnalysisRunEvaluator.Apply(spec, status, "success-rate", Measured(AnalysisPhase.Successful, 0));
        status = AnalysisRunEvaluator.Apply(spec, status, "error-rate", Measured(AnalysisPhase.Successful, 0));

        Assert.Equal(TimeSpan.FromSeconds(13), AnalysisRunEvaluator.NextDue(spec, status, T0.AddSeconds(2)));
        Assert.Equal(["error-rate"], AnalysisRunEvaluator.DueMetrics(spec, status, T0.AddSeconds(15)));
        Assert.Equal(["success-rate", "error-rate"], AnalysisRunEvaluator.DueMetrics(spec, status, T0.AddSeconds(30)));
    }

    [Theory]
    // Without an interval, a count is measured back to back; an error is retried after ErrorRetryInterval.
    [InlineData(AnalysisPhase.Successful, 0.0)]
    [InlineData(AnalysisPhase.Error, 10.0)]
    public void Without_an_interval_measurements_follow_each_other(string last, double dueInSeconds)
    {
        var spec = Spec(Metric(count: 3));
        var status = AnalysisRunEvaluator.Apply(spec, null, "success-rate", Measured(last, 0, tookSeconds: 0));

        Assert.Equal(TimeSpan.FromSeconds(dueInSeconds), AnalysisRunEvaluator.NextDue(spec, status, T0));
    }

    [Theory]
    [InlineData("SSS")]
    [InlineData("F")]
    public void Nothing_is_due_once_the_count_is_done_or_the_run_decided(string phases)
    {
        var spec = Spec(Metric(count: 3, interval: "10s"));

        var status = Measure(spec, "success-rate", phases);

        Assert.True(AnalysisPhase.IsCompleted(status.Phase));
        Assert.Null(AnalysisRunEvaluator.NextDue(spec, status, T0.AddMinutes(5)));
        Assert.Empty(AnalysisRunEvaluator.DueMetrics(spec, status, T0.AddMinutes(5)));
    }

    [Fact]
    public void A_metric_that_is_done_is_not_measured_while_another_goes_on()
    {
        var spec = Spec(Metric("once"), Metric("background", interval: "1m"));
        var status = AnalysisRunEvaluator.Start(spec, null, T0);
        status = AnalysisRunEvaluator.Apply(spec, status, "once", Measured(AnalysisPhase.Successful, 0));
        status = AnalysisRunEvaluator.Apply(spec, status, "background", Measured(AnalysisPhase.Successful, 0));

        Assert.Equal(AnalysisPhase.Running, status.Phase);
        Assert.Equal(["background"], AnalysisRunEvaluator.DueMetrics(spec, status, T0.AddMinutes(1)));
        Assert.Equal(TimeSpan.FromSeconds(59), AnalysisRunEvaluator.NextDue(spec, status, T0.AddSeconds(1)));
    }
}
