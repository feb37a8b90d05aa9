using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.Tests.ApiServer.Resources;

/// <summary>A Rollout-like CustomResourceDefinition: status and scale subresources, printer columns.</summary>
internal static class TestCrds
{
    private const string RolloutJson = """
        {
          "apiVersion": "apiextensions.k8s.io/v1",
          "kind": "CustomResourceDefinition",
          "metadata": { "name": "rollouts.rollouts.dev" },
          "spec": {
            "group": "rollouts.dev",
            "names": { "plural": "rollouts", "kind": "Rollout", "shortNames": ["ro"], "categories": ["all"] },
            "scope": "Namespaced",
            "versions": [
              {
                "name": "v1alpha1",
                "served": true,
                "storage": true,
                "schema": {
                  "openAPIV3Schema": {
                    "type": "object",
                    "properties": {
                      "spec": {
                        "type": "object",
                        "properties": { "replicas": { "type": "integer", "minimum": 0 } },
                        "x-kubernetes-preserve-unknown-fields": true
                      },
                      "status": { "type": "object", "x-kubernetes-preserve-unknown-fields": true }
                    }
                  }
                },
                "subresources": {
                  "status": {},
                  "scale": {
                    "specReplicasPath": ".spec.replicas",
                    "statusReplicasPath": ".status.replicas",
                    "labelSelectorPath": ".status.selector"
                  }
                },
                "additionalPrinterColumns": [
                  { "name": "Desired", "type": "integer", "jsonPath": ".spec.replicas" },
                  { "name": "Current", "type": "integer", "jsonPath": ".status.replicas" },
                  { "name": "Phase", "type": "string", "jsonPath": ".status.phase", "description": "Where the rollout is." },
                  { "name": "Ready", "type": "string", "jsonPath": ".status.conditions[?(@.type==\"Ready\")].status", "priority": 1 },
                  { "name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp" }
                ]
              }
            ]
          }
        }
        """;

    /// <summary>A fresh copy of the Rollout CRD, free to mutate.</summary>
    public static JsonObject Rollout() => JsonNode.Parse(RolloutJson)!.AsObject();

    /// <summary>The served types of the Rollout CRD.</summary>
    public static IReadOnlyList<ResourceType> RolloutTypes() => CustomResourceDefinitionTypes.FromCrd(Rollout());

    /// <summary>Built-ins plus the Rollout CRD.</summary>
    public static ResourceRegistry RegistryWithRollout() => ResourceRegistry.Create(RolloutTypes());

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
