using System.Text.Json;
using Rollouts.Engine.Providers.Web;

namespace Rollouts.Engine.Tests.Providers.Web;

public sealed class JsonPathTests
{
    private const string Document = """{"data":{"value":0.99,"a.b":"dotted"},"items":[{"x":1},{"x":2}],"empty":null}""";

    [Theory]
    [InlineData("$", Document)]
    [InlineData("$.data.value", "0.99")]
    [InlineData("$.items[1].x", "2")]
    [InlineData("$['data']['a.b']", "\"dotted\"")]
    [InlineData("$.data[\"value\"]", "0.99")]
    [InlineData("$.empty", "null")]
    public void A_path_selects_the_element_it_names(string path, string expected)
    {
        Assert.True(JsonPath.TryParse(path, out var parsed, out _));
        using var document = JsonDocument.Parse(Document);

        Assert.True(parsed!.TrySelect(document.RootElement, out var value, out _));
        Assert.Equal(expected, value.GetRawText());
    }

    [Theory]
    [InlineData("$.data.missing", "jsonPath $.data.missing matched nothing: $.data is an object, with no \"missing\"")]
    [InlineData("$.items[5].x", "jsonPath $.items[5].x matched nothing: $.items is an array of 2, with no [5]")]
    [InlineData("$.data.value.x", "jsonPath $.data.value.x matched nothing: $.data.value is a number, with no \"x\"")]
    public void A_path_that_matches_nothing_says_where_it_stopped(string path, string expected)
    {
        Assert.True(JsonPath.TryParse(path, out var parsed, out _));
        using var document = JsonDocument.Parse(Document);

        Assert.False(parsed!.TrySelect(document.RootElement, out _, out var missing));
        Assert.Equal(expected, missing);
    }

    [Theory]
    [InlineData("data.value", "jsonPath \"data.value\" must start with $")]
    [InlineData("$..value", "jsonPath \"$..value\" has an empty name at character 3")]
    [InlineData("$.items[-1]", "jsonPath \"$.items[-1]\" needs a non-negative index like [0] at character 8")]
    [InlineData("$.items[*]", "jsonPath \"$.items[*]\" needs a non-negative index like [0] at character 8")]
    [InlineData("$['data'", "jsonPath \"$['data'\" has an unclosed ['name'] at character 2")]
    [InlineData("$x", "jsonPath \"$x\" has an unexpected 'x' at character 2; use .name, ['name'] or [index]")]
    public void A_malformed_path_says_what_is_wrong_and_where(string path, string expected)
    {
        Assert.False(JsonPath.TryParse(path, out _, out var error));
        Assert.Equal(expected, error);
    }
}
