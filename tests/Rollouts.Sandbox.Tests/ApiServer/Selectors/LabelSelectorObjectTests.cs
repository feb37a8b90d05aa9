using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Selectors;

namespace Rollouts.Sandbox.Tests.ApiServer.Selectors;

public class LabelSelectorObjectTests
{
    /// <summary>A metav1.LabelSelector and its canonical text (the scale subresource's status.selector).</summary>
    [Theory]
    [InlineData("""{"matchLabels":{"app":"web"}}""", "app=web")]
    [InlineData("""{"matchLabels":{"tier":"front","app":"web"}}""", "app=web,tier=front")]
    [InlineData("""{"matchExpressions":[{"key":"tier","operator":"In","values":["b","a"]}]}""", "tier in (a,b)")]
    [InlineData("""{"matchExpressions":[{"key":"tier","operator":"NotIn","values":["db"]}]}""", "tier notin (db)")]
    [InlineData("""{"matchExpressions":[{"key":"canary","operator":"Exists"}]}""", "canary")]
    [InlineData("""{"matchExpressions":[{"key":"canary","operator":"DoesNotExist","values":[]}]}""", "!canary")]
    [InlineData("""{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"env","operator":"In","values":["prod"]}]}""", "app=web,env in (prod)")]
    [InlineData("""{}""", "")]
    public void Reads_a_label_selector_object(string json, string canonical)
    {
        Assert.Equal(canonical, LabelSelector.FromLabelSelectorJson(JsonNode.Parse(json)).ToString());
    }

    [Fact]
    public void An_empty_selector_matches_everything_and_a_null_one_nothing()
    {
        var labels = new Dictionary<string, string> { ["app"] = "web" };

        Assert.True(LabelSelector.FromLabelSelectorJson(JsonNode.Parse("{}")).Matches(labels));
        Assert.True(LabelSelector.FromLabelSelectorJson(JsonNode.Parse("{}")).IsEmpty);
        Assert.False(LabelSelector.FromLabelSelectorJson(null).Matches(labels));
        Assert.False(LabelSelector.FromLabelSelectorJson(null).IsEmpty);
    }

    [Fact]
    public void Matches_like_its_text_form()
    {
        var selector = LabelSelector.FromLabelSelectorJson(JsonNode.Parse(
            """{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"NotIn","values":["db"]}]}"""));

        Assert.True(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "db" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["tier"] = "front" }));
    }

    /// <summary>Invalid selectors: the field and message of each cause, as the real server's validation words them.</summary>
    [Theory]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Equals","values":["x"]}]}""",
        "spec.selector.matchExpressions[0].operator", "Invalid value: \"Equals\": not a valid selector operator")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"In"}]}""",
        "spec.selector.matchExpressions[0].values", "Required value: must be specified when `operator` is 'In' or 'NotIn'")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]}""",
        "spec.selector.matchExpressions[0].values", "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'")]
    [InlineData("""{"matchExpressions":[{"key":"-a","operator":"Exists"}]}""",
        "spec.selector.matchExpressions[0].key", "Invalid value: \"-a\": name part must consist of alphanumeric characters")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"In","values":["-x"]}]}""",
        "spec.selector.matchExpressions[0].values[0]", "Invalid value: \"-x\": a valid label must be an empty string")]
    [InlineData("""{"matchLabels":{"a b":"x"}}""",
        "spec.selector.matchLabels", "Invalid value: \"a b\": name part must consist of alphanumeric characters")]
    [InlineData("""{"matchLabels":{"app":"web="}}""",
        "spec.selector.matchLabels", "Invalid value: \"web=\": a valid label must be an empty string")]
    [InlineData("""{"matchLabels":{"app":3}}""", "spec.selector.matchLabels.app", "must be a string")]
    [InlineData("""{"matchLabels":["app"]}""", "spec.selector.matchLabels", "must be an object")]
    [InlineData("""{"matchExpressions":{"key":"a"}}""", "spec.selector.matchExpressions", "must be a list")]
    [InlineData("""["app=web"]""", "spec.selector", "must be an object")]
    public void Refuses_invalid_selectors_with_422(string json, string field, string message)
    {
        var error = Assert.Throws<ApiError>(() => LabelSelector.FromLabelSelectorJson(JsonNode.Parse(json), "spec.selector"));

        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        var cause = Assert.Single(error.Causes);
        Assert.Equal(field, cause.Field);
        Assert.Contains(message, cause.Message, StringComparison.Ordinal);
        Assert.Contains($"{field}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_lists_every_problem_for_the_caller_to_report()
    {
        var causes = LabelSelector.Validate(JsonNode.Parse(
            """{"matchLabels":{"-a":"x"},"matchExpressions":[{"key":"b","operator":"Nope"}]}"""), "spec.selector");

        Assert.Equal(["spec.selector.matchLabels", "spec.selector.matchExpressions[0].operator"], causes.Select(c => c.Field));
        Assert.Empty(LabelSelector.Validate(JsonNode.Parse("""{"matchLabels":{"app":"web"}}"""), "spec.selector"));
    }
}
