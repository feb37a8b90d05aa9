using Rollouts.Api.Analysis;

namespace Rollouts.Api.Crds;

/// <summary>The analysis resources as their CRDs declare them: names, subresources and the columns of <c>kubectl get</c>.</summary>
public static class AnalysisCrds
{
    public static CustomResource AnalysisTemplate { get; } = new()
    {
        Resource = Analysis.AnalysisTemplate.Resource,
        TypeInfo = Analysis.AnalysisTemplate.JsonTypeInfo,
        Singular = "analysistemplate",
        ShortNames = ["at"],
        Columns = [new("Age", "date", ".metadata.creationTimestamp")],
    };

    public static CustomResource ClusterAnalysisTemplate { get; } = new()
    {
        Resource = Analysis.ClusterAnalysisTemplate.Resource,
        TypeInfo = Analysis.ClusterAnalysisTemplate.JsonTypeInfo,
        Singular = "clusteranalysistemplate",
        ShortNames = ["cat"],
        Columns = [new("Age", "date", ".metadata.creationTimestamp")],
    };

    public static CustomResource AnalysisRun { get; } = new()
    {
        Resource = Analysis.AnalysisRun.Resource,
        TypeInfo = Analysis.AnalysisRun.JsonTypeInfo,
        Singular = "analysisrun",
        ShortNames = ["ar"],
        StatusSubresource = true,
        Columns =
        [
            new("Status", "string", ".status.phase", "Pending, Running, Successful, Failed, Error or Inconclusive"),
            new("Age", "date", ".metadata.creationTimestamp"),
        ],
    };
}
