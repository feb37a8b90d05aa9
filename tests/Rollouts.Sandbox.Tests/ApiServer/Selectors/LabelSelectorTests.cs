using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Selectors;

namespace Rollouts.Sandbox.Tests.ApiServer.Selectors;

public class LabelSelectorTests
{
    private static Dictionary<string, string> Labels(string text) =>
        text.Length == 0 ? [] : text.Split(';').Select(pair => pair.Split(':')).ToDictionary(kv => kv[0], kv => kv[1]);

    /// <summary>Every operator: selector, labels ("k:v;k:v"), whether it matches.</summary>
    [Theory]
    [InlineData("app=web", "app:web", true)]
    [InlineData("app=web", "app:api", false)]
    [InlineData("app=web", "", false)]
    [InlineData("app==web", "app:web", true)]
    [InlineData("app==web", "app:api", false)]
    [InlineData("app!=web", "app:api", true)]
    [InlineData("app!=web", "app:web", false)]
    [InlineData("app!=web", "", true)]
    [InlineData("tier in (front,back)", "tier:back", true)]
    [InlineData("tier in (front,back)", "tier:db", false)]
    [InlineData("tier in (front,back)", "", false)]
    [InlineData("tier notin (db)", "tier:front", true)]
    [InlineData("tier notin (db)", "tier:db", false)]
    [InlineData("tier notin (db)", "", true)]
    [InlineData("canary", "canary:", true)]
    [InlineData("canary", "app:web", false)]
    [InlineData("!canary", "app:web", true)]
    [InlineData("!canary", "canary:true", false)]
    [InlineData("weight>10", "weight:20", true)]
    [InlineData("weight>10", "weight:10", false)]
    [InlineData("weight<10", "weight:-3", true)]
    [InlineData("weight<10", "weight:abc", false)]
    [InlineData("weight<10", "", false)]
    [InlineData("app=web,tier in (front),!canary", "app:web;tier:front", true)]
    [InlineData("app=web,tier in (front),!canary", "app:web;tier:front;canary:x", false)]
    [InlineData("  app = web ,  tier   notin ( db , cache ) ", "app:web;tier:front", true)]
    [InlineData("app=", "app:", true)]
    [InlineData("app=", "app:web", false)]
    [InlineData("tier in (a,)", "tier:", true)]
    [InlineData("tier in ()", "tier:", true)]
    [InlineData("app.kubernetes.io/name=web", "app.kubernetes.io/name:web", true)]
    [InlineData("in=notin", "in:notin", true)]
    [InlineData("", "app:web", true)]
    public void Matches_labels_by_every_operator(string selector, string labels, bool matches)
    {
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels(labels)));
    }

    /// <summary>The canonical text: requirements sorted by key, in/notin values sorted, spaces normalised.</summary>
    [Theory]
    [InlineData("tier in (b,a),app=web", "app=web,tier in (a,b)")]
    [InlineData("  app == web ", "app==web")]
    [InlineData("x notin ( c , a ),!y,z,w!=1,n>3,m<4", "m<4,n>3,w!=1,x notin (a,c),!y,z")]
    [InlineData("", "")]
    public void Prints_its_canonical_form(string selector, string canonical)
    {
        var parsed = LabelSelector.Parse(selector);

        Assert.Equal(canonical, parsed.ToString());
        Assert.Equal(canonical, LabelSelector.Parse(parsed.ToString()).ToString());
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("   ", true)]
    [InlineData("app", false)]
    public void Is_empty_without_requirements(string? selector, bool empty)
    {
        Assert.Equal(empty, LabelSelector.Parse(selector).IsEmpty);
    }

    /// <summary>Bad selectors: 400 BadRequest with the real server's message.</summary>
    [Theory]
    [InlineData("app web", "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("app=web,", "found '', expected: identifier after ','")]
    [InlineData(",app", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("app=web tier=x", "found 'tier', expected: ',' or 'end of string'")]
    [InlineData("!app=web", "found '=', expected: ',' or 'end of string'")]
    [InlineData("app in web", "unable to parse requirement: found 'web' expected: '('")]
    [InlineData("app in (web", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("app in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier")]
    [InlineData("app=(web)", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("a/b/c=x", "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters")]
    [InlineData("-app=x", "unable to parse requirement: <nil>: Invalid value: \"-app\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    [InlineData("Example.com/app=x", "unable to parse requirement: <nil>: Invalid value: \"Example.com/app\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("/app=x", "unable to parse requirement: <nil>: Invalid value: \"/app\": prefix part must be non-empty")]
    [InlineData("app=-web", "unable to parse requirement: values[0][app]: Invalid value: \"-web\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    [InlineData("app in (ok,-bad)", "values[0][app]: Invalid value: \"-bad\"")]
    [InlineData("weight>ten", "unable to parse requirement: values[0]: Invalid value: \"ten\": for 'Gt', 'Lt' operators, the value must be an integer")]
    public void Refuses_bad_selectors_with_400(string selector, string message)
    {
        var error = Assert.Throws<ApiError>(() => LabelSelector.Parse(selector));

        Assert.Equal(400, error.Code);
        Assert.Equal("BadRequest", error.Reason);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_label_key_longer_than_63_characters()
    {
        var error = Assert.Throws<ApiError>(() => LabelSelector.Parse(new string('a', 64) + "=x"));

        Assert.Contains("name part must be no more than 63 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_the_labels_of_an_object()
    {
        var labels = JsonNode.Parse("""{"app":"web","tier":"front"}""");

        Assert.True(LabelSelector.Parse("app=web").Matches(labels));
        Assert.False(LabelSelector.Parse("app=api").Matches(labels));
        Assert.True(LabelSelector.Parse("!app").Matches((JsonNode?)null));
    }
}
