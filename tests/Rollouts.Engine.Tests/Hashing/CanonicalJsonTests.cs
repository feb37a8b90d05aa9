using System.Text.Json;
using Rollouts.Engine.Hashing;

namespace Rollouts.Engine.Tests.Hashing;

public class CanonicalJsonTests
{
    [Theory]
    [InlineData("""{ "b": 1, "a": [ 2, {"d": null, "c": true} ] }""", """{"a":[2,{"c":true}],"b":1}""")]
    [InlineData("""{"B":1,"a":2,"_":3}""", """{"B":1,"_":3,"a":2}""")]
    [InlineData("""["x", null, false]""", """["x",null,false]""")]
    [InlineData("""{"s":"quote \" backslash \\ tab \t é \u00e9 <>&"}""", "{\"s\":\"quote \\\" backslash \\\\ tab \\u0009 é é <>&\"}")]
    [InlineData("""{"n":1.50e3}""", """{"n":1.50e3}""")]
    public void Keys_are_sorted_nulls_dropped_and_strings_escaped_by_a_fixed_rule(string json, string canonical)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(canonical, CanonicalJson.Write(document.RootElement));
    }

    [Fact]
    public void Members_can_be_left_out_by_path()
    {
        using var document = JsonDocument.Parse("""{"a":{"x":1,"y":2},"b":{"x":3}}""");
        Assert.Equal("""{"a":{"y":2},"b":{"x":3}}""", CanonicalJson.Write(document.RootElement, (path, name) => path is ["a"] && name == "x"));
    }
}
