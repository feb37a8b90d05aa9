using Rollouts.Engine.Providers;

namespace Rollouts.Engine.Tests.Providers;

public sealed class ArgsTemplateTests
{
    private static readonly Dictionary<string, string> Args = new()
    {
        ["service"] = "web-canary",
        ["namespace"] = "shop",
        ["window"] = "5m",
        ["quoted"] = "a\"} or vector(1) #",
        ["regex"] = "web-.*|api",
    };

    [Theory]
    [InlineData("up", "up")]
    [InlineData("up{service=\"{{args.service}}\"}", "up{service=\"web-canary\"}")]
    [InlineData("{{ args.service }}/{{args.namespace}}", "web-canary/shop")]
    [InlineData("rate(x[{{args.window}}])", "rate(x[5m])")]
    [InlineData("up{job=~\"{{args.regex}}\"}", "up{job=~\"web-.*|api\"}")]
    [InlineData("{{metric.name}} and {{args.service}}", "{{metric.name}} and web-canary")]
    public void Placeholders_are_replaced_by_the_argument_values(string template, string expected)
    {
        var result = ArgsTemplate.Substitute(template, Args);

        Assert.Null(result.Error);
        Assert.Equal(expected, result.Text);
    }

    [Fact]
    public void A_missing_argument_is_an_error_naming_it_and_the_given_ones()
    {
        var result = ArgsTemplate.Substitute("up{pod=\"{{args.pod}}\"}", new Dictionary<string, string> { ["service"] = "web", ["a"] = "b" });

        Assert.Null(result.Text);
        Assert.Equal("argument \"pod\" is used in \"up{pod=\"{{args.pod}}\"}\" but was not given; given: a, service", result.Error);
    }

    [Theory]
    [InlineData("a\"} or vector(1) #", "the character \"")]
    [InlineData("it's", "the character '")]
    [InlineData("back\\slash", "the character \\")]
    [InlineData("two\nlines", "control character U+000A")]
    public void Values_that_could_end_a_quoted_string_are_refused_unless_verbatim(string value, string what)
    {
        var args = new Dictionary<string, string> { ["v"] = value };

        var refused = ArgsTemplate.Substitute("up{v=\"{{args.v}}\"}", args);
        var verbatim = ArgsTemplate.Substitute("up{v=\"{{args.v}}\"}", args, verbatim: true);

        Assert.Equal($"argument \"v\" contains {what}, which could end a quoted string in the query; remove it or mark the template's arguments as verbatim",
            refused.Error);
        Assert.Equal($"up{{v=\"{value}\"}}", verbatim.Text);
    }

    [Fact]
    public void An_unused_unsafe_argument_does_not_matter()
    {
        Assert.Equal("up", ArgsTemplate.Substitute("up", Args).Text);
    }
}
