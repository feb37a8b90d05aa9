using Rollouts.Api.Analysis;

namespace Rollouts.Api.Tests.Analysis;

public sealed class AnalysisTemplateMergeTests
{
    private static readonly NamedAnalysisTemplate SuccessRate = NamedAnalysisTemplate.From(AnalysisJson.Read(AnalysisJson.Valid));

    private static NamedAnalysisTemplate Template(string name, string specJson) => new("AnalysisTemplate", name, AnalysisJson.Spec(specJson));

    private static AnalysisArgument Arg(string name, string? value = null) => new() { Name = name, Value = value };

    private static AnalysisArgument Hash(string name, string which) =>
        new() { Name = name, ValueFrom = new ArgumentValueFrom { PodTemplateHashValue = which } };

    [Fact]
    public void Templates_merge_into_one_run_with_the_rollouts_arguments()
    {
        var latency = Template("latency", """
            {"args": [{"name": "service-name"}, {"name": "quantile", "value": "0.99"}],
             "metrics": [{"name": "latency", "provider": {"prometheus": {"query": "q{svc=\"{{args.service-name}}\"}"}}}],
             "dryRun": [{"metricName": "latency"}]}
            """);

        var result = AnalysisTemplateMerge.Merge([SuccessRate, latency], [Arg("service-name", "web"), Hash("canary-hash", PodTemplateHashValue.Latest)]);

        Assert.Empty(result.Errors);
        var spec = result.Spec!;
        Assert.Equal(["success-rate", "latency"], spec.Metrics!.Select(m => m.Name));
        Assert.Equal(["service-name=web", "canary-hash=Latest", "quantile=0.99"],
            spec.Args!.Select(a => $"{a.Name}={a.Value ?? a.ValueFrom?.PodTemplateHashValue}"));
        Assert.Equal("latency", Assert.Single(spec.DryRun!).MetricName);
        Assert.Empty(AnalysisValidation.Validate(new AnalysisRun { Spec = spec }));
    }

    [Fact]
    public void A_value_passed_by_the_rollout_overrides_the_templates_default()
    {
        var template = Template("t", """{"args": [{"name": "quantile", "value": "0.99"}], "metrics": [{"name": "m", "provider": {"prometheus": {"query": "q"}}}]}""");

        var result = AnalysisTemplateMerge.Merge([template], [Arg("quantile", "0.5")]);

        Assert.Equal("0.5", Assert.Single(result.Spec!.Args!).Value);
    }

    [Fact]
    public void A_metric_name_in_two_templates_is_an_error()
    {
        var other = Template("other", """{"metrics": [{"name": "success-rate", "provider": {"prometheus": {"query": "q"}}}]}""");

        var result = AnalysisTemplateMerge.Merge([SuccessRate, other], [Arg("service-name", "web"), Arg("canary-hash", "abc")]);

        Assert.Null(result.Spec);
        var error = Assert.Single(result.Errors);
        Assert.Equal("analysistemplates/other.spec.metrics[0].name", error.Field);
        Assert.Equal(
            "metric \"success-rate\" is in both AnalysisTemplate \"success-rate\" and AnalysisTemplate \"other\"; metric names must be unique across the templates of one analysis",
            error.Message);
    }

    [Fact]
    public void Missing_argument_values_are_reported_by_name()
    {
        var result = AnalysisTemplateMerge.Merge([SuccessRate], [Arg("service-name", "web")], "spec.strategy.canary.steps[2].analysis.args");

        var error = Assert.Single(result.Errors);
        Assert.Equal("spec.strategy.canary.steps[2].analysis.args", error.Field);
        Assert.Equal("argument \"canary-hash\" of AnalysisTemplate \"success-rate\" has no value; pass it: args: [{name: canary-hash, value: ...}]", error.Message);
    }

    [Fact]
    public void An_argument_no_template_declares_is_reported_with_a_suggestion()
    {
        var result = AnalysisTemplateMerge.Merge([SuccessRate], [Arg("service-name", "web"), Arg("canary-hash", "abc"), Arg("servce-name", "x")]);

        var error = Assert.Single(result.Errors);
        Assert.Equal("args[2].name", error.Field);
        Assert.Contains("(did you mean \"service-name\"?)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_templates_giving_one_argument_different_values_conflict()
    {
        var a = Template("a", """{"args": [{"name": "env", "value": "prod"}], "metrics": [{"name": "a", "provider": {"prometheus": {"query": "q"}}}]}""");
        var b = Template("b", """{"args": [{"name": "env", "value": "dev"}], "metrics": [{"name": "b", "provider": {"prometheus": {"query": "q"}}}]}""");

        var conflict = AnalysisTemplateMerge.Merge([a, b], []);
        var resolved = AnalysisTemplateMerge.Merge([a, b], [Arg("env", "stage")]);

        Assert.Equal(["analysistemplates/b.spec.args[0] Conflict"], conflict.Errors.Select(e => $"{e.Field} {e.Reason}"));
        Assert.Equal(["analysistemplates/b.spec.args[0] Conflict"], resolved.Errors.Select(e => $"{e.Field} {e.Reason}"));
    }

    [Fact]
    public void A_template_default_fills_an_argument_another_template_leaves_open()
    {
        var a = Template("a", """{"args": [{"name": "env"}], "metrics": [{"name": "a", "provider": {"prometheus": {"query": "q"}}}]}""");
        var b = Template("b", """{"args": [{"name": "env", "value": "prod"}], "metrics": [{"name": "b", "provider": {"prometheus": {"query": "q"}}}]}""");

        var result = AnalysisTemplateMerge.Merge([a, b], []);

        Assert.Equal("prod", Assert.Single(result.Spec!.Args!).Value);
    }

    [Fact]
    public void A_passed_argument_with_both_value_and_value_from_is_reported()
    {
        var arg = new AnalysisArgument { Name = "canary-hash", Value = "abc", ValueFrom = new ArgumentValueFrom { PodTemplateHashValue = "Latest" } };

        var result = AnalysisTemplateMerge.Merge([SuccessRate], [Arg("service-name", "web"), arg]);

        Assert.Equal(["args[1] ExactlyOneOf"], result.Errors.Select(e => $"{e.Field} {e.Reason}"));
    }
}
