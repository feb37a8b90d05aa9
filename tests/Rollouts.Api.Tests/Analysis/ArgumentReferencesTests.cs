using Rollouts.Api.Analysis;

namespace Rollouts.Api.Tests.Analysis;

public sealed class ArgumentReferencesTests
{
    [Theory]
    [InlineData("up{svc=\"{{args.service-name}}\"}", new[] { "service-name" })]
    [InlineData("{{ args.a }} and {{args.b}}", new[] { "a", "b" })]
    [InlineData("{{args.a}}{{args.a}}", new[] { "a", "a" })]
    [InlineData("{{ secrets.a }} {{args}} {args.a}", new string[0])]
    public void Finds_argument_names_in_text(string text, string[] names) =>
        Assert.Equal(names, ArgumentReferences.Names(text));

    [Fact]
    public void Substitutes_known_arguments_and_leaves_unknown_ones()
    {
        var text = ArgumentReferences.Substitute("{{args.a}}-{{ args.b }}-{{args.c}}", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });

        Assert.Equal("1-2-{{args.c}}", text);
    }

    [Fact]
    public void Finds_references_in_every_string_field_of_a_metric_with_its_path()
    {
        var metric = AnalysisJson.WithMetric("""{"successCondition": "result[0] > {{args.min}}", "provider": {"prometheus": {"headers": [{"key": "X", "value": "{{args.tenant}}"}]}}}""")
            .Spec!.Metrics![0];

        var found = ArgumentReferences.Find(metric, "spec.metrics[0]");

        Assert.Equal(
            [
                "min spec.metrics[0].successCondition",
                "service-name spec.metrics[0].provider.prometheus.query",
                "service-name spec.metrics[0].provider.prometheus.query",
                "tenant spec.metrics[0].provider.prometheus.headers[0].value",
            ],
            found.Select(r => $"{r.Name} {r.Field}"));
    }
}
