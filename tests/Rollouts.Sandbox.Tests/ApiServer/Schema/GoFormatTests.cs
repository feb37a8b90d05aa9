using Rollouts.Sandbox.ApiServer.Schema;
using static Rollouts.Sandbox.Tests.ApiServer.Schema.SchemaKit;

namespace Rollouts.Sandbox.Tests.ApiServer.Schema;

/// <summary>Values in messages are printed as the real server prints them, so clients see the same text.</summary>
public sealed class GoFormatTests
{
    [Theory]
    [InlineData(0d, "0")]
    [InlineData(1.5, "1.5")]
    [InlineData(-2.25, "-2.25")]
    [InlineData(100000d, "100000")]
    [InlineData(123456d, "123456")]
    [InlineData(1000000d, "1e+06")]
    [InlineData(1234567.5, "1.2345675e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1e21, "1e+21")]
    public void Floats_print_in_shortest_form_with_an_exponent_from_a_million(double value, string expected) =>
        Assert.Equal(expected, GoFormat.Float(value));

    [Theory]
    [InlineData(1000000d, "1000000")]
    [InlineData(1.5, "1.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    public void Numbers_in_JSON_print_plain_unless_extreme(double value, string expected) =>
        Assert.Equal(expected, GoFormat.JsonNumber(value));

    [Theory]
    [InlineData("web", "\"web\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("line\nbreak\ttab", "\"line\\nbreak\\ttab\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    [InlineData("été ✓", "\"été ✓\"")]
    [InlineData("no\u00a0break", "\"no\\u00a0break\"")]
    public void Strings_are_quoted_with_Go_escapes(string value, string expected) =>
        Assert.Equal(expected, GoFormat.Quote(value));

    [Theory]
    [InlineData("""{"b": 1, "a": "x"}""", """map[string]interface {}{"a":"x", "b":1}""")]
    [InlineData("""[1, 2.5, true, null, "s"]""", """[]interface {}{1, 2.5, true, interface {}(nil), "s"}""")]
    [InlineData("""{"a": {"b": [1]}}""", """map[string]interface {}{"a":map[string]interface {}{"b":[]interface {}{1}}}""")]
    public void Objects_and_arrays_print_in_Go_syntax(string json, string expected) =>
        Assert.Equal(expected, GoFormat.GoSyntax(Json(json)));
}
