using Rollouts.Api.Analysis;
using Rollouts.Api.Common;
using Rollouts.Engine.Analysis;
using static Rollouts.Engine.Tests.Analysis.AnalysisTestValues;

namespace Rollouts.Engine.Tests.Analysis;

public sealed class AnalysisLintTests
{
    [Fact]
    public void A_valid_template_has_no_problem()
    {
        var spec = new AnalysisTemplateSpec { Metrics = [Metric(success: "result[0] >= 0.95", failure: "result[0] < 0.9")] };

        Assert.Empty(AnalysisLint.Check(spec));
    }

    [Theory]
    [InlineData("result[0] >=", null, "spec.metrics[0].successCondition", "position 12")]
    [InlineData("result[0 >= 0.95", null, "spec.metrics[0].successCondition", "position 16")]
    [InlineData(null, "result[0] < 0.9)", "spec.metrics[0].failureCondition", "position 15")]
    [InlineData("result[0] >= 0.95", "result[0] <> 0.9", "spec.metrics[0].failureCondition", "position")]
    public void A_condition_syntax_error_is_reported_at_its_field_with_its_position(string? success, string? failure, string field, string position)
    {
        var spec = new AnalysisTemplateSpec { Metrics = [Metric(success: success, failure: failure)] };

        var error = Assert.Single(AnalysisLint.Check(spec));

        Assert.Equal(field, error.Field);
        Assert.Equal(ValidationReason.InvalidFormat, error.Reason);
        Assert.Contains(position, error.Message);
        Assert.Contains(success is not null && field.EndsWith("successCondition", StringComparison.Ordinal) ? success : failure!, error.Message);
    }

    [Fact]
    public void Validation_errors_and_condition_errors_are_reported_together()
    {
        var spec = new AnalysisTemplateSpec
        {
            Metrics =
            [
                Metric("success-rate", success: "result[0] >= 0.95", failureLimit: -1),
                Metric("error-rate", failure: "result[0] > (0.05"),
            ],
        };

        var errors = AnalysisLint.Check(spec);

        Assert.Equal(["spec.metrics[0].failureLimit", "spec.metrics[1].failureCondition"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Templates_and_runs_are_checked_the_same_way()
    {
        Metric[] metrics = [Metric(success: "result[0] >=")];

        var template = AnalysisLint.Check(new AnalysisTemplate { Spec = new AnalysisTemplateSpec { Metrics = metrics } });
        var cluster = AnalysisLint.Check(new ClusterAnalysisTemplate { Spec = new AnalysisTemplateSpec { Metrics = metrics } });
        var run = AnalysisLint.Check(new AnalysisRun { Spec = new AnalysisRunSpec { Metrics = metrics } });

        Assert.All([template, cluster, run], errors => Assert.Equal("spec.metrics[0].successCondition", Assert.Single(errors).Field));
    }
}
