using Rollouts.Api.Analysis;
using Rollouts.Engine.Analysis;
using Rollouts.Engine.Judge;
using static Rollouts.Engine.Tests.Analysis.AnalysisTestValues;

namespace Rollouts.Engine.Tests.Analysis;

public sealed class MeasurementEvaluatorTests
{
    [Theory]
    // Both conditions: failure first, then success, else Inconclusive.
    [InlineData("result[0] >= 0.95", "result[0] < 0.9", "[0.97]", AnalysisPhase.Successful)]
    [InlineData("result[0] >= 0.95", "result[0] < 0.9", "[0.5]", AnalysisPhase.Failed)]
    [InlineData("result[0] >= 0.95", "result[0] < 0.9", "[0.92]", AnalysisPhase.Inconclusive)]
    [InlineData("result[0] > 0", "result[0] > 0", "[1]", AnalysisPhase.Failed)]
    // Only a successCondition: false is Failed.
    [InlineData("result[0] >= 0.95", null, "[0.97]", AnalysisPhase.Successful)]
    [InlineData("result[0] >= 0.95", null, "[0.5]", AnalysisPhase.Failed)]
    // Only a failureCondition: false is Successful.
    [InlineData(null, "result[0] < 0.9", "[0.5]", AnalysisPhase.Failed)]
    [InlineData(null, "result[0] < 0.9", "[0.97]", AnalysisPhase.Successful)]
    // Neither: data is Successful.
    [InlineData(null, null, "[0.1]", AnalysisPhase.Successful)]
    // Several series are all passed, as a list.
    [InlineData("all(result >= 0.95)", null, "[0.97, 0.99, 0.96]", AnalysisPhase.Successful)]
    [InlineData("all(result >= 0.95)", null, "[0.97, 0.5, 0.96]", AnalysisPhase.Failed)]
    [InlineData("len(result) == 3", null, "[1, 2, 3]", AnalysisPhase.Successful)]
    [InlineData("result[1] == 2", null, "[1, 2]", AnalysisPhase.Successful)]
    // Some NaN among real values: the condition decides (NaN compares false).
    [InlineData("all(result >= 0.95)", null, "[0.97, NaN]", AnalysisPhase.Failed)]
    // A scalar is a number; a text answer is a boolean or a string.
    [InlineData("result > 0.5", null, "scalar 0.7", AnalysisPhase.Successful)]
    [InlineData("result == true", null, "text true", AnalysisPhase.Successful)]
    [InlineData("result == 'ok'", null, "text ok", AnalysisPhase.Successful)]
    public void Conditions_decide_a_measurement(string? success, string? failure, string answer, string expected)
    {
        var measurement = MeasurementEvaluator.Evaluate(Metric(success: success, failure: failure), Outcome(answer), T0, T0.AddSeconds(1));

        Assert.Equal(expected, measurement.Phase);
    }

    [Theory]
    // Defaults: no data and NaN are Inconclusive, even when the condition would hold.
    [InlineData(null, null, "[]", AnalysisPhase.Inconclusive)]
    [InlineData(null, null, "[NaN]", AnalysisPhase.Inconclusive)]
    [InlineData(null, null, "[NaN, NaN]", AnalysisPhase.Inconclusive)]
    [InlineData(null, null, "scalar NaN", AnalysisPhase.Inconclusive)]
    [InlineData(null, null, "text", AnalysisPhase.Inconclusive)]
    // Explicit rules.
    [InlineData(AnalysisPhase.Error, null, "[]", AnalysisPhase.Error)]
    [InlineData(null, AnalysisPhase.Failed, "[NaN]", AnalysisPhase.Failed)]
    [InlineData(null, AnalysisPhase.Error, "[NaN]", AnalysisPhase.Error)]
    [InlineData(AnalysisPhase.Error, AnalysisPhase.Failed, "[]", AnalysisPhase.Error)]
    // Successful is never what missing data means, even if written.
    [InlineData(AnalysisPhase.Successful, AnalysisPhase.Successful, "[]", AnalysisPhase.Inconclusive)]
    [InlineData(AnalysisPhase.Successful, AnalysisPhase.Successful, "[NaN]", AnalysisPhase.Inconclusive)]
    public void Missing_data_follows_the_metric_rules_and_is_never_success(string? empty, string? nan, string answer, string expected)
    {
        var metric = Metric(success: "default(result[0], 0) < 1 || true", empty: empty, nan: nan);

        var measurement = MeasurementEvaluator.Evaluate(metric, Outcome(answer), T0, T0.AddSeconds(1));

        Assert.Equal(expected, measurement.Phase);
        Assert.NotNull(measurement.Message);
    }

    [Theory]
    [InlineData("result[0] >= 0.95", null, "[]", "[]")]
    [InlineData("result[0] >= 0.95", null, "[0.97]", "[0.97]")]
    [InlineData("result[0] >= 0.95", null, "[0.97, 0.5]", "[0.97, 0.5]")]
    [InlineData("result >= 0.95", null, "scalar 0.97", "0.97")]
    [InlineData("result == 'ok'", null, "text ok", "ok")]
    public void The_value_shows_what_was_measured(string? success, string? failure, string answer, string value)
    {
        var measurement = MeasurementEvaluator.Evaluate(Metric(success: success, failure: failure), Outcome(answer), T0, T0.AddSeconds(1));

        Assert.Equal(value, measurement.Value);
        Assert.Equal(T0, measurement.StartedAt);
        Assert.Equal(T0.AddSeconds(1), measurement.FinishedAt);
    }

    [Fact]
    public void A_provider_error_is_an_Error_with_its_message()
    {
        var measurement = MeasurementEvaluator.Evaluate(Metric(success: "result[0] > 0"), Outcome("error: connection refused"), T0, T0);

        Assert.Equal(AnalysisPhase.Error, measurement.Phase);
        Assert.Equal("connection refused", measurement.Message);
        Assert.Null(measurement.Value);
    }

    [Theory]
    [InlineData("result[0] >= 0.95", null, "[0.5]", "successCondition \"result[0] >= 0.95\"")]
    [InlineData(null, "result[0] < 0.9", "[0.97]", null)]
    [InlineData("result[5] >= 0.95", null, "[0.97]", "successCondition \"result[5] >= 0.95\" could not be evaluated")]
    [InlineData(null, "result < 0.9", "[0.97]", "failureCondition \"result < 0.9\" could not be evaluated")]
    [InlineData("result[0] >= 0.95", "result[0] <", "[0.97]", "failureCondition \"result[0] <\" is not valid")]
    public void Messages_name_the_condition(string? success, string? failure, string answer, string? expected)
    {
        var measurement = MeasurementEvaluator.Evaluate(Metric(success: success, failure: failure), Outcome(answer), T0, T0);

        if (expected is null)
        {
            Assert.Null(measurement.Message);
        }
        else
        {
            Assert.StartsWith(expected, measurement.Message);
        }
    }

    [Theory]
    [InlineData("result[5] >= 0.95", null)]
    [InlineData(null, "result < 0.9")]
    [InlineData("result[0] >=", null)]
    [InlineData("result[0] > 0", "len(result) > 'a' + 1")]
    public void A_condition_that_cannot_be_evaluated_is_an_Error(string? success, string? failure)
    {
        var measurement = MeasurementEvaluator.Evaluate(Metric(success: success, failure: failure), Outcome("[0.97]"), T0, T0);

        Assert.Equal(AnalysisPhase.Error, measurement.Phase);
    }

    [Fact]
    public void A_long_result_is_bounded()
    {
        var many = "[" + string.Join(", ", Enumerable.Range(0, 1000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

        var measurement = MeasurementEvaluator.Evaluate(Metric(success: "len(result) > 0"), Outcome(many), T0, T0);

        Assert.Equal(AnalysisPhase.Successful, measurement.Phase);
        Assert.True(measurement.Value!.Length <= MeasurementRecording.MaxValueLength);
    }

    [Theory]
    [InlineData(JudgeVerdict.Pass, AnalysisPhase.Successful)]
    [InlineData(JudgeVerdict.Fail, AnalysisPhase.Failed)]
    [InlineData(JudgeVerdict.Marginal, AnalysisPhase.Inconclusive)]
    [InlineData(JudgeVerdict.Inconclusive, AnalysisPhase.Inconclusive)]
    public void A_judge_verdict_is_a_measurement(JudgeVerdict verdict, string expected)
    {
        var measurement = MeasurementEvaluator.FromJudge(new JudgeResult(verdict, 80.456, "latency rose 30%", []), T0, T0.AddSeconds(2));

        Assert.Equal(expected, measurement.Phase);
        Assert.Equal("80.46", measurement.Value);
        Assert.Contains("latency rose 30%", measurement.Message);
    }
}
