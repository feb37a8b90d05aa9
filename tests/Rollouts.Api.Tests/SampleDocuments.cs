using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Api.Tests;

/// <summary>The documents of a file in samples/, read as the API server reads YAML.</summary>
internal static partial class SampleDocuments
{
    public static IReadOnlyList<JsonObject> Read(string name) =>
        [.. DocumentSeparator().Split(File.ReadAllText(RepositoryFiles.Sample(name)))
            .Select(YamlToJson.Parse)
            .OfType<JsonObject>()];

    /// <summary>The one Rollout in the sample.</summary>
    public static JsonObject Rollout(string name) => Assert.Single(Read(name), d => (string?)d["kind"] == "Rollout");

    [GeneratedRegex(@"^---[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}
