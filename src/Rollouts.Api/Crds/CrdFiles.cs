using System.Text.Json.Nodes;

namespace Rollouts.Api.Crds;

/// <summary>
/// The files of the repository's <c>crds/</c> folder, generated from the resource types. A test compares them
/// with the committed files and rewrites them when asked (see crds/README.md).
/// </summary>
public static class CrdFiles
{
    public const string Header =
        "# Generated from the C# types in src/Rollouts.Api; do not edit by hand.\n" +
        "# Regenerate: UPDATE_CRDS=1 dotnet test tests/Rollouts.Api.Tests --filter CrdFiles\n";

    /// <summary>Every resource of the project, in the order their files are listed.</summary>
    public static IReadOnlyList<CustomResource> Resources { get; } =
        [RolloutCrd.Resource, AnalysisCrds.AnalysisTemplate, AnalysisCrds.ClusterAnalysisTemplate, AnalysisCrds.AnalysisRun];

    /// <summary>File name (<c>plural.group.yaml</c>) and YAML text of each CRD.</summary>
    public static IReadOnlyList<CrdFile> All => [.. Resources.Select(r => new CrdFile(r, CustomResourceDefinitions.Build(r)))];
}

/// <summary>One generated CRD and the file it is written to.</summary>
public sealed record CrdFile(CustomResource Resource, JsonObject Definition)
{
    public string FileName => $"{Resource.Resource}.yaml";

    public string Yaml => CrdFiles.Header + YamlWriter.Write(Definition);
}
