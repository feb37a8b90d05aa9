using Rollouts.Engine.Judge;

namespace Rollouts.Engine.Tests.Judge;

public class CanaryJudgeTests
{
    /// <summary>30 latencies around 100 with a spread of +-15 (a fixed, repeatable pattern).</summary>
    private static readonly double[] Latencies = [.. Enumerable.Range(0, 30).Select(i => 100.0 + (i * 7 % 31) - 15)];

    private static double[] Scaled(double factor) => [.. Latencies.Select(v => v * factor)];

    private static JudgeMetric Metric(string name, double[] canary, double[]? baseline = null) =>
        new() { Name = name, Canary = canary, Baseline = baseline ?? Latencies };

    [Fact]
    public void Equal_distributions_pass()
    {
        var result = CanaryJudge.Judge([Metric("latency", Latencies)]);

        Assert.Equal(JudgeVerdict.Pass, result.Verdict);
        Assert.Equal(100, result.Score);
        var metric = Assert.Single(result.Metrics);
        Assert.Equal(MetricVerdict.Pass, metric.Verdict);
        Assert.Equal(0, metric.Shift);
        Assert.Equal(30, metric.CanaryCount);
        Assert.False(metric.Test!.Exact);
        Assert.Equal(
            "no significant increase at confidence 0.95: p = 0.503 (normal approximation, U = 450), shift 0 = 0.0 % of the baseline median, allowed 10.0 %",
            metric.Reason);
    }

    [Theory]
    [InlineData(JudgeDirection.Increase, 1.5, MetricVerdict.Fail)]
    [InlineData(JudgeDirection.Increase, 0.5, MetricVerdict.Pass)]
    [InlineData(JudgeDirection.Decrease, 0.5, MetricVerdict.Fail)]
    [InlineData(JudgeDirection.Decrease, 1.5, MetricVerdict.Pass)]
    [InlineData(JudgeDirection.Either, 1.5, MetricVerdict.Fail)]
    [InlineData(JudgeDirection.Either, 0.5, MetricVerdict.Fail)]
    [InlineData(JudgeDirection.Either, 1.0, MetricVerdict.Pass)]
    public void A_shift_fails_only_in_the_bad_direction(JudgeDirection direction, double factor, MetricVerdict expected)
    {
        var metric = CanaryJudge.JudgeOne(Metric("latency", Scaled(factor)) with { Direction = direction });

        Assert.Equal(expected, metric.Verdict);
        Assert.Equal(Math.Sign(factor - 1), Math.Sign(metric.Shift!.Value));
    }

    [Fact]
    public void A_failing_metric_says_why_with_its_numbers()
    {
        var metric = CanaryJudge.JudgeOne(Metric("latency", Scaled(1.5)));

        Assert.Equal(MetricVerdict.Fail, metric.Verdict);
        Assert.StartsWith("significant increase: p < 0.05 and the shift exceeds the allowed effect; p = ", metric.Reason, StringComparison.Ordinal);
        Assert.True(metric.Test!.PValue < 1e-6);
        Assert.True(metric.RelativeShift > 0.4);
    }

    [Fact]
    public void A_significant_shift_within_the_allowed_effect_passes()
    {
        // Every canary value is 5% above a tight baseline: certainly significant, but smaller than the allowed 10%.
        double[] baseline = [.. Enumerable.Range(0, 20).Select(i => 100 + (i % 10) * 0.1)];
        double[] canary = [.. baseline.Select(v => v * 1.05)];

        var allowed = CanaryJudge.JudgeOne(Metric("latency", canary, baseline));
        var strict = CanaryJudge.JudgeOne(Metric("latency", canary, baseline) with { AllowedEffect = 0.01 });

        Assert.Equal(MetricVerdict.Pass, allowed.Verdict);
        Assert.StartsWith("significant but allowed shift", allowed.Reason, StringComparison.Ordinal);
        Assert.Equal(MetricVerdict.Fail, strict.Verdict);
    }

    [Fact]
    public void A_higher_confidence_level_needs_stronger_evidence()
    {
        // Exact test, 10 + 10 values, canary shifted up so that U = 79 of 100: one-sided p = 0.0144 (exact counts, by enumeration).
        double[] baseline = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
        double[] canary = [13.5, 14.5, 15.5, 16.5, 17.5, 18.5, 19.5, 20.5, 21.5, 22.5];

        var at95 = CanaryJudge.JudgeOne(Metric("latency", canary, baseline) with { MinSamples = 10 });
        var at99 = CanaryJudge.JudgeOne(Metric("latency", canary, baseline) with { MinSamples = 10, ConfidenceLevel = 0.99 });

        Assert.True(at95.Test!.Exact);
        Assert.Equal(MetricVerdict.Fail, at95.Verdict);
        Assert.Equal(MetricVerdict.Pass, at99.Verdict);
    }

    [Fact]
    public void Too_few_samples_is_inconclusive_never_pass()
    {
        double[] canary = [100, double.NaN, 101, double.PositiveInfinity, 99, 100, 102, 98, 101, 100, double.NaN, 99];

        var metric = CanaryJudge.JudgeOne(Metric("latency", canary));

        Assert.Equal(MetricVerdict.Inconclusive, metric.Verdict);
        Assert.Equal(9, metric.CanaryCount);
        Assert.Equal(3, metric.CanaryDropped);
        Assert.Equal(30, metric.BaselineCount);
        Assert.Null(metric.Test);
        Assert.Equal(
            "too few samples: canary 9, baseline 30, at least 10 each needed (dropped as NaN or infinite: canary 3, baseline 0)",
            metric.Reason);
    }

    [Fact]
    public void A_baseline_of_zeros_fails_any_significant_increase()
    {
        double[] baseline = [.. Enumerable.Repeat(0.0, 20)];
        double[] canary = [.. Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? 0.01 : 0.02)];

        var metric = CanaryJudge.JudgeOne(Metric("errors", canary, baseline));

        Assert.Equal(MetricVerdict.Fail, metric.Verdict);
        Assert.Equal(double.PositiveInfinity, metric.RelativeShift);
    }

    [Theory]
    // Three metrics; "bad" fails, the other two pass. Score = 100 * passing weight / total weight.
    [InlineData(1, 19, JudgeVerdict.Pass, 95)]
    [InlineData(4, 16, JudgeVerdict.Marginal, 80)]
    [InlineData(10, 10, JudgeVerdict.Fail, 50)]
    public void Weights_decide_the_score(double failingWeight, double passingWeight, JudgeVerdict verdict, double score)
    {
        var result = CanaryJudge.Judge(
        [
            Metric("bad", Scaled(2)) with { Weight = failingWeight },
            Metric("good1", Latencies) with { Weight = passingWeight / 2 },
            Metric("good2", Latencies) with { Weight = passingWeight / 2 },
        ]);

        Assert.Equal(verdict, result.Verdict);
        Assert.Equal(score, result.Score, 10);
    }

    [Fact]
    public void A_critical_metric_that_fails_fails_the_run()
    {
        var result = CanaryJudge.Judge(
        [
            Metric("errors", Scaled(2)) with { Critical = true, Weight = 1 },
            Metric("latency", Latencies) with { Weight = 99 },
        ]);

        Assert.Equal(JudgeVerdict.Fail, result.Verdict);
        Assert.Equal(99, result.Score, 10);
        Assert.StartsWith("critical metric 'errors' failed: significant increase", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_critical_metric_without_data_makes_the_run_inconclusive()
    {
        var result = CanaryJudge.Judge(
        [
            Metric("errors", []) with { Critical = true },
            Metric("latency", Latencies) with { Weight = 99 },
        ]);

        Assert.Equal(JudgeVerdict.Inconclusive, result.Verdict);
        Assert.StartsWith("critical metric 'errors' is inconclusive: too few samples", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    // Four metrics of equal weight. Inconclusive metrics count as not passing; more than 25% of the weight
    // inconclusive makes the run Inconclusive unless the failures alone already fail it.
    [InlineData(1, 0, JudgeVerdict.Marginal, 75)]
    [InlineData(2, 0, JudgeVerdict.Inconclusive, 50)]
    [InlineData(2, 2, JudgeVerdict.Fail, 0)]
    [InlineData(0, 0, JudgeVerdict.Pass, 100)]
    public void Inconclusive_metrics_never_count_as_passing(int inconclusive, int failing, JudgeVerdict verdict, double score)
    {
        var metrics = Enumerable.Range(0, 4).Select(i =>
            i < inconclusive ? Metric($"m{i}", [1, 2])
            : i < inconclusive + failing ? Metric($"m{i}", Scaled(2))
            : Metric($"m{i}", Latencies)).ToList();

        var result = CanaryJudge.Judge(metrics);

        Assert.Equal(verdict, result.Verdict);
        Assert.Equal(score, result.Score, 10);
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        var metrics = new[] { Metric("bad", Scaled(2)), Metric("good", Latencies) };

        Assert.Equal(JudgeVerdict.Fail, CanaryJudge.Judge(metrics).Verdict);
        Assert.Equal(JudgeVerdict.Marginal, CanaryJudge.Judge(metrics, new JudgeOptions { MarginalThreshold = 50 }).Verdict);
        Assert.Equal(JudgeVerdict.Pass, CanaryJudge.Judge(metrics, new JudgeOptions { PassThreshold = 50, MarginalThreshold = 40 }).Verdict);
    }

    [Fact]
    public void No_metrics_is_inconclusive() =>
        Assert.Equal(JudgeVerdict.Inconclusive, CanaryJudge.Judge([]).Verdict);

    [Fact]
    public void Invalid_parameters_are_reported_with_the_metric_name()
    {
        var error = Assert.Throws<ArgumentException>(() => CanaryJudge.Judge(
            [Metric("latency", Latencies) with { ConfidenceLevel = 1.5, MinSamples = 0 }],
            new JudgeOptions { MarginalThreshold = 99 }));

        Assert.Contains("thresholds must satisfy 0 <= marginal <= pass <= 100, got marginal 99 and pass 95", error.Message, StringComparison.Ordinal);
        Assert.Contains("metric 'latency': confidenceLevel must be between 0 and 1 (exclusive), got 1.5", error.Message, StringComparison.Ordinal);
        Assert.Contains("metric 'latency': minSamples must be at least 1, got 0", error.Message, StringComparison.Ordinal);
    }
}
