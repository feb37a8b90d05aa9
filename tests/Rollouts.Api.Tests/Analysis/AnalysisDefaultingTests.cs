using System.Text.Json;
using Rollouts.Api.Analysis;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Tests.Analysis;

public sealed class AnalysisDefaultingTests
{
    [Fact]
    public void Limits_and_missing_data_get_their_documented_defaults()
    {
        var metric = AnalysisDefaulting.Apply(AnalysisJson.Read(AnalysisJson.Valid)).Spec!.Metrics![0];

        Assert.Equal(0, metric.FailureLimit);
        Assert.Equal(0, metric.InconclusiveLimit);
        Assert.Equal(4, metric.ConsecutiveErrorLimit);
        Assert.Equal(AnalysisPhase.Inconclusive, metric.MissingData!.Empty);
        Assert.Equal(AnalysisPhase.Inconclusive, metric.MissingData.Nan);
    }

    [Fact]
    public void Count_has_no_default_so_a_metric_with_an_interval_runs_until_the_analysis_ends()
    {
        var metric = AnalysisDefaulting.Apply(AnalysisJson.WithMetric("""{"count": null}""")).Spec!.Metrics![0];

        Assert.Null(metric.Count);
    }

    [Fact]
    public void Fields_already_set_are_kept_even_when_invalid()
    {
        var metric = AnalysisDefaulting.Apply(AnalysisJson.WithMetric(
            """{"failureLimit": -1, "consecutiveErrorLimit": 0, "missingData": {"empty": "Error"}}""")).Spec!.Metrics![0];

        Assert.Equal(-1, metric.FailureLimit);
        Assert.Equal(0, metric.ConsecutiveErrorLimit);
        Assert.Equal(AnalysisPhase.Error, metric.MissingData!.Empty);
        Assert.Equal(AnalysisPhase.Inconclusive, metric.MissingData.Nan);
    }

    [Fact]
    public void Web_and_judge_providers_and_judge_scoring_get_defaults()
    {
        var template = AnalysisJson.With("""
            {"spec": {"metrics": [
              {"name": "ok", "provider": {"web": {"url": "http://checker/ok"}}},
              {"name": "latency", "provider": {"judge": {"canaryQuery": "a", "baselineQuery": "b"}}}]}}
            """);

        var spec = AnalysisDefaulting.Apply(template).Spec!;

        Assert.Equal("GET", spec.Metrics![0].Provider!.Web!.Method);
        Assert.Equal(10, spec.Metrics[0].Provider!.Web!.TimeoutSeconds);
        var judge = spec.Metrics[1].Provider!.Judge!;
        Assert.Equal(IntOrString.FromText("5m"), judge.Lookback);
        Assert.Equal(IntOrString.FromText("15s"), judge.Step);
        Assert.Equal(JudgeDirection.Increase, judge.Direction);
        Assert.Equal(0.1, judge.AllowedEffect);
        Assert.Equal(0.95, judge.ConfidenceLevel);
        Assert.Equal(10, judge.MinSamples);
        Assert.Equal(1, judge.Weight);
        Assert.False(judge.Critical);
        Assert.Equal(95, spec.Judge!.PassScore);
        Assert.Equal(75, spec.Judge.MarginalScore);
    }

    [Fact]
    public void Without_judge_metrics_no_scoring_block_is_added()
    {
        Assert.Null(AnalysisDefaulting.Apply(AnalysisJson.Read(AnalysisJson.Valid)).Spec!.Judge);
    }

    [Fact]
    public void Applying_twice_changes_nothing_more_and_the_input_is_unchanged()
    {
        var template = AnalysisJson.Read(AnalysisJson.Valid);
        var before = AnalysisJson.Write(template).ToJsonString();

        var once = AnalysisDefaulting.Apply(template);
        var twice = AnalysisDefaulting.Apply(once);

        Assert.Equal(AnalysisJson.Write(once).ToJsonString(), AnalysisJson.Write(twice).ToJsonString());
        Assert.Equal(before, AnalysisJson.Write(template).ToJsonString());
    }

    [Fact]
    public void A_run_is_defaulted_like_a_template()
    {
        var run = new AnalysisRun { Spec = new AnalysisRunSpec { Metrics = AnalysisJson.Read(AnalysisJson.Valid).Spec!.Metrics } };

        var metric = AnalysisDefaulting.Apply(run).Spec!.Metrics![0];

        Assert.Equal(4, metric.ConsecutiveErrorLimit);
        Assert.Equal("""{"empty":"Inconclusive","nan":"Inconclusive"}""", JsonSerializer.Serialize(metric.MissingData, RolloutsJsonContext.Default.MissingDataRules));
    }
}
