using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.ApiServer.Patching;

public class MergePatchTests
{
    /// <summary>RFC 7386, Appendix A: original, patch, result.</summary>
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", """null""", """null""")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Applies_the_RFC_7386_examples(string original, string patch, string expected)
    {
        JsonAssert.Equal(expected, MergePatch.Apply(JsonNode.Parse(original), JsonNode.Parse(patch)));
    }

    [Fact]
    public void Lists_in_a_patch_replace_the_live_list_and_keep_their_nulls()
    {
        var result = MergePatch.Apply(JsonNode.Parse("""{"spec":{"args":["a","b"]}}"""), JsonNode.Parse("""{"spec":{"args":[null,"c"]}}"""));

        JsonAssert.Equal("""{"spec":{"args":[null,"c"]}}""", result);
    }

    [Fact]
    public void Leaves_both_inputs_unchanged()
    {
        var target = JsonNode.Parse("""{"metadata":{"labels":{"a":"1"}},"spec":{"replicas":1}}""");
        var patch = JsonNode.Parse("""{"metadata":{"labels":{"a":null,"b":"2"}},"spec":{"replicas":3}}""");

        MergePatch.Apply(target, patch);

        JsonAssert.Equal("""{"metadata":{"labels":{"a":"1"}},"spec":{"replicas":1}}""", target);
        JsonAssert.Equal("""{"metadata":{"labels":{"a":null,"b":"2"}},"spec":{"replicas":3}}""", patch);
    }
}
