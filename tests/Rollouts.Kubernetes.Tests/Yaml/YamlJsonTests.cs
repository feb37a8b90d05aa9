using Rollouts.Kubernetes.Yaml;

namespace Rollouts.Kubernetes.Tests.Yaml;

public sealed class YamlJsonTests
{
    [Fact]
    public void ParseAll_reads_every_document_with_the_line_it_starts_on_and_types_scalars()
    {
        var documents = YamlJson.ParseAll("kind: Service\nspec: {port: 80}\n---\n\n---\nkind: Rollout\nspec:\n  paused: true\n  name: '80'\n");

        Assert.Equal(2, documents.Count);
        Assert.Equal(1, documents[0].Line);
        Assert.Equal(80, documents[0].Node["spec"]!["port"]!.GetValue<int>());
        Assert.Equal(6, documents[1].Line);
        Assert.True(documents[1].Node["spec"]!["paused"]!.GetValue<bool>());
        Assert.Equal("80", documents[1].Node["spec"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void ParseAll_names_the_line_of_a_syntax_error()
    {
        var error = Assert.Throws<FormatException>(() => YamlJson.ParseAll("kind: Rollout\nspec: [unclosed\n"));

        Assert.StartsWith("line ", error.Message, StringComparison.Ordinal);
    }
}
