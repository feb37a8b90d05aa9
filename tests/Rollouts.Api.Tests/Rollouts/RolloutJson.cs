using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Api.Rollouts;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Api.Tests.Rollouts;

/// <summary>Rollouts for tests: a valid one as users write it, changed by a JSON merge patch.</summary>
internal static class RolloutJson
{
    public const string Valid = """
        {"apiVersion": "rollouts.dev/v1alpha1", "kind": "Rollout", "metadata": {"name": "web"},
         "spec": {
           "replicas": 5,
           "selector": {"matchLabels": {"app": "web"}},
           "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "web:1.1"}]}},
           "strategy": {"canary": {
             "stableService": "web-stable", "canaryService": "web-canary",
             "trafficRouting": {"nginx": {"stableIngress": "web"}},
             "steps": [{"setWeight": 20}, {"pause": {"duration": "5m"}}, {"setWeight": 50}, {"pause": {}}]}}}}
        """;

    /// <summary>The valid Rollout with <paramref name="mergePatch"/> applied (null removes a field, lists are replaced).</summary>
    public static Rollout With(string mergePatch) =>
        Read(MergePatch.Apply(JsonNode.Parse(Valid), JsonNode.Parse(mergePatch))!.ToJsonString());

    public static Rollout Read(string json) => JsonSerializer.Deserialize(json, Rollout.JsonTypeInfo)!;

    public static JsonNode Write(Rollout rollout) => JsonSerializer.SerializeToNode(rollout, Rollout.JsonTypeInfo)!;
}
