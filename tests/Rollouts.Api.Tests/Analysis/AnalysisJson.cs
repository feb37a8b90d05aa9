using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Api.Analysis;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Api.Tests.Analysis;

/// <summary>Analysis templates for tests: a valid one as users write it, changed by a JSON merge patch.</summary>
internal static class AnalysisJson
{
    public const string Valid = """
        {"apiVersion": "rollouts.dev/v1alpha1", "kind": "AnalysisTemplate", "metadata": {"name": "success-rate"},
         "spec": {
           "args": [{"name": "service-name"}, {"name": "canary-hash"}],
           "metrics": [{
             "name": "success-rate", "interval": "1m", "count": 5, "successCondition": "result[0] >= 0.95",
             "provider": {"prometheus": {"address": "http://prometheus:9090",
               "query": "sum(rate(requests{service=\"{{args.service-name}}\",status!~\"5.*\"}[1m])) / sum(rate(requests{service=\"{{args.service-name}}\"}[1m]))"}}}]}}
        """;

    /// <summary>The valid template with <paramref name="mergePatch"/> applied (null removes a field, lists are replaced).</summary>
    public static AnalysisTemplate With(string mergePatch) =>
        Read(MergePatch.Apply(JsonNode.Parse(Valid), JsonNode.Parse(mergePatch))!.ToJsonString());

    /// <summary>The valid template with <paramref name="mergePatch"/> applied to its one metric.</summary>
    public static AnalysisTemplate WithMetric(string mergePatch)
    {
        var template = JsonNode.Parse(Valid)!;
        var metrics = template["spec"]!["metrics"]!.AsArray();
        metrics[0] = MergePatch.Apply(metrics[0]!.DeepClone(), JsonNode.Parse(mergePatch));
        return Read(template.ToJsonString());
    }

    public static AnalysisTemplate Read(string json) => JsonSerializer.Deserialize(json, AnalysisTemplate.JsonTypeInfo)!;

    public static JsonNode Write(AnalysisTemplate template) => JsonSerializer.SerializeToNode(template, AnalysisTemplate.JsonTypeInfo)!;

    public static AnalysisTemplateSpec Spec(string json) => JsonSerializer.Deserialize(json, RolloutsJsonContext.Default.AnalysisTemplateSpec)!;
}
