using System.Text.Json.Nodes;
using Rollouts.Api.Crds;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Api.Tests.Crds;

public sealed class YamlWriterTests
{
    [Theory]
    [InlineData("Rollout", "Rollout")]
    [InlineData("Up-to-date", "Up-to-date")]
    [InlineData("Number of desired pods", "Number of desired pods")]
    [InlineData("apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1")]
    [InlineData("true", "\"true\"")]
    [InlineData("True", "\"True\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("on", "\"on\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("", "\"\"")]
    [InlineData("10", "\"10\"")]
    [InlineData("1.5", "\"1.5\"")]
    [InlineData("25%", "\"25%\"")]
    [InlineData(".spec.replicas", "\".spec.replicas\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("#comment", "\"#comment\"")]
    [InlineData("x ", "\"x \"")]
    [InlineData("say \"hi\"\n", "\"say \\\"hi\\\"\\n\"")]
    public void Strings_are_plain_only_when_nothing_could_read_them_otherwise(string value, string written) =>
        Assert.Equal($"key: {written}\n", YamlWriter.Write(new JsonObject { ["key"] = value }));

    [Fact]
    public void Lists_of_mappings_are_written_as_kubectl_writes_them()
    {
        var node = JsonNode.Parse("""{"versions": [{"name": "v1", "served": true, "columns": [{"name": "Age"}]}], "empty": {}, "none": []}""");

        Assert.Equal(
            """
            versions:
            - name: v1
              served: true
              columns:
              - name: Age
            empty: {}
            none: []

            """.ReplaceLineEndings("\n"),
            YamlWriter.Write(node));
    }

    [Fact]
    public void What_is_written_reads_back_as_the_same_tree()
    {
        var node = JsonNode.Parse("""
            {"a": [1, -2.5, true, false, null, "x", "", "10", "null", [["nested"], []], {"k": {}}],
             "b": {"c": "line one\nline two\ttab \\ back \"quote\" ünïcödé"}, "d": 0, "key with: colon": "v"}
            """);

        Assert.True(JsonNode.DeepEquals(node, YamlToJson.Parse(YamlWriter.Write(node))), YamlWriter.Write(node));
    }

    [Fact]
    public void Every_generated_CRD_reads_back_as_the_definition_it_was_written_from()
    {
        Assert.All(CrdFiles.All, file => Assert.True(JsonNode.DeepEquals(file.Definition, YamlToJson.Parse(file.Yaml)), file.FileName));
    }
}
