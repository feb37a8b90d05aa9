using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.Tests.ApiServer.Server;

/// <summary>Objects the server tests create, as a user would write them.</summary>
internal static class Manifests
{
    public static JsonObject ConfigMap(string name, string ns = "default", Dictionary<string, string>? labels = null, string? data = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (labels is not null)
        {
            metadata["labels"] = new JsonObject([.. labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]);
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = metadata,
            ["data"] = new JsonObject { ["value"] = data ?? "x" },
        };
    }

    public static JsonObject ReplicaSet(string name, int replicas = 2, string ns = "default", JsonArray? ownerReferences = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name } };
        if (ownerReferences is not null)
        {
            metadata["ownerReferences"] = ownerReferences;
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "web:1.0" }),
                    },
                },
            },
        };
    }

    public static JsonArray OwnedBy(JsonNode owner, bool blockOwnerDeletion = true) =>
    [
        new JsonObject
        {
            ["apiVersion"] = owner["apiVersion"]!.GetValue<string>(),
            ["kind"] = owner["kind"]!.GetValue<string>(),
            ["name"] = owner["metadata"]!["name"]!.GetValue<string>(),
            ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
            ["controller"] = true,
            ["blockOwnerDeletion"] = blockOwnerDeletion,
        },
    ];

    /// <summary>A CRD for a namespaced "widgets.example.com" with status and scale subresources and a schema.</summary>
    public static JsonObject WidgetCrd() => JsonNode.Parse("""
        {
          "apiVersion": "apiextensions.k8s.io/v1",
          "kind": "CustomResourceDefinition",
          "metadata": {"name": "widgets.example.com"},
          "spec": {
            "group": "example.com",
            "scope": "Namespaced",
            "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "shortNames": ["wg"]},
            "versions": [{
              "name": "v1",
              "served": true,
              "storage": true,
              "subresources": {
                "status": {},
                "scale": {"specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas", "labelSelectorPath": ".status.selector"}
              },
              "additionalPrinterColumns": [
                {"name": "Size", "type": "string", "jsonPath": ".spec.size"},
                {"name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas"}
              ],
              "schema": {"openAPIV3Schema": {
                "type": "object",
                "properties": {
                  "spec": {
                    "type": "object",
                    "required": ["size"],
                    "properties": {
                      "size": {"type": "string", "enum": ["small", "large"]},
                      "replicas": {"type": "integer", "minimum": 0, "default": 1},
                      "steps": {"type": "array", "items": {"type": "object", "properties": {"setWeight": {"type": "integer", "minimum": 0, "maximum": 100}}}}
                    }
                  },
                  "status": {
                    "type": "object",
                    "properties": {"replicas": {"type": "integer"}, "selector": {"type": "string"}, "phase": {"type": "string"}}
                  }
                }
              }}
            }]
          }
        }
        """)!.AsObject();

    public static JsonObject Widget(string name, string size = "small", string ns = "default") => new()
    {
        ["apiVersion"] = "example.com/v1",
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["size"] = size },
    };
}
