using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.Tests.Traffic;

/// <summary>The Services, Ingresses and workloads a canary setup for ingress-nginx consists of.</summary>
internal static class TrafficObjects
{
    public const string Host = "web.example.com";

    public static JsonObject Service(string name, string app, string ns = "default") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["app"] = app },
            ["ports"] = new JsonArray(new JsonObject { ["port"] = 80, ["targetPort"] = 8080 }),
        },
    };

    /// <summary>An ingress for <see cref="Host"/>/ to <paramref name="service"/>; a canary one when <paramref name="canaryWeight"/> is set.</summary>
    public static JsonObject Ingress(string name, string service, int? canaryWeight = null, string ns = "default")
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (canaryWeight is { } weight)
        {
            metadata["annotations"] = new JsonObject
            {
                ["nginx.ingress.kubernetes.io/canary"] = "true",
                ["nginx.ingress.kubernetes.io/canary-weight"] = weight.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        return new JsonObject
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "Ingress",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["ingressClassName"] = "nginx",
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["host"] = Host,
                    ["http"] = new JsonObject
                    {
                        ["paths"] = new JsonArray(new JsonObject
                        {
                            ["path"] = "/",
                            ["pathType"] = "Prefix",
                            ["backend"] = new JsonObject
                            {
                                ["service"] = new JsonObject { ["name"] = service, ["port"] = new JsonObject { ["number"] = 80 } },
                            },
                        }),
                    },
                }),
            },
        };
    }

    /// <summary>A pod spec whose first container has the given env.</summary>
    public static JsonObject PodSpec(IReadOnlyDictionary<string, string>? env) => new()
    {
        ["containers"] = new JsonArray(new JsonObject
        {
            ["name"] = "web",
            ["image"] = "web:1.0",
            ["env"] = new JsonArray([.. (env ?? new Dictionary<string, string>()).Select(e => (JsonNode)new JsonObject { ["name"] = e.Key, ["value"] = e.Value })]),
        }),
    };

    public static JsonObject Pod(string name, string app, IReadOnlyDictionary<string, string>? env = null, string ns = "default") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = app } },
        ["spec"] = PodSpec(env),
    };

    /// <summary>A ReplicaSet whose pods carry label app=<paramref name="app"/> and the env.</summary>
    public static JsonObject ReplicaSet(string name, string app, int replicas, IReadOnlyDictionary<string, string>? env = null, string ns = "default") => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "ReplicaSet",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } },
                ["spec"] = PodSpec(env),
            },
        },
    };
}
