using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Tests.Models;

public class LabelSelectorTests
{
    public static TheoryData<LabelSelector, string> Selectors => new()
    {
        { new LabelSelector(), "" },
        { new LabelSelector { MatchLabels = new Dictionary<string, string> { ["tier"] = "web", ["app"] = "shop" } }, "app=shop,tier=web" },
        { new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "env", Operator = "In", Values = ["a", "b"] }] }, "env in (a,b)" },
        { new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "env", Operator = "NotIn", Values = ["c"] }] }, "env notin (c)" },
        { new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "canary", Operator = "Exists" }] }, "canary" },
        { new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "canary", Operator = "DoesNotExist" }] }, "!canary" },
        {
            new LabelSelector
            {
                MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
                MatchExpressions = [new LabelSelectorRequirement { Key = "rollouts-pod-template-hash", Operator = "In", Values = ["6f7d8"] }],
            },
            "app=web,rollouts-pod-template-hash in (6f7d8)"
        },
    };

    [Theory]
    [MemberData(nameof(Selectors))]
    public void A_selector_becomes_the_query_string_list_and_watch_take(LabelSelector selector, string expected)
    {
        Assert.Equal(expected, selector.ToQueryString());
    }

    [Fact]
    public void An_unknown_operator_is_refused_with_its_key()
    {
        var selector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "env", Operator = "Gt", Values = ["1"] }] };

        var error = Assert.Throws<FormatException>(() => selector.ToQueryString());

        Assert.Contains("key 'env' has operator 'Gt'", error.Message, StringComparison.Ordinal);
    }
}
