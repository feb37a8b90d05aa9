using System.Globalization;
using System.Text.Json.Nodes;

namespace Rollouts.Bench;

/// <summary>
/// The objects one benchmarked Rollout needs, as JSON: two Services, an NGINX Ingress to the stable Service, and a
/// Rollout of 4 replicas whose canary goes through setWeight 25, 50 and 75 with no pauses to promotion.
/// </summary>
internal static class BenchObjects
{
    public const int Replicas = 4;

    /// <summary>The canary weights, in order; the Rollout is promoted after the last.</summary>
    public static readonly IReadOnlyList<int> Weights = [25, 50, 75];

    public static string Name(int index) => "r" + index.ToString(CultureInfo.InvariantCulture);

    public static JsonObject Service(string name, string app) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["app"] = app },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = 8080 }),
        },
    };

    public static JsonObject Ingress(string name, string stableService) => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "Ingress",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["ingressClassName"] = "nginx",
            ["rules"] = new JsonArray(new JsonObject
            {
                ["host"] = $"{name}.example.com",
                ["http"] = new JsonObject
                {
                    ["paths"] = new JsonArray(new JsonObject
                    {
                        ["path"] = "/",
                        ["pathType"] = "Prefix",
                        ["backend"] = new JsonObject
                        {
                            ["service"] = new JsonObject { ["name"] = stableService, ["port"] = new JsonObject { ["name"] = "http" } },
                        },
                    }),
                },
            }),
        },
    };

    /// <summary>The Rollout <paramref name="name"/>, its template running <paramref name="image"/>; <paramref name="steps"/> defaults to the three weights.</summary>
    public static JsonObject Rollout(string name, string image, JsonArray? steps = null, JsonObject? analysis = null, JsonArray? env = null)
    {
        var canary = new JsonObject
        {
            ["stableService"] = name + "-stable",
            // The old ReplicaSet goes at promotion, so a round's writes are all made by the time it is promoted.
            ["scaleDownDelaySeconds"] = 0,
            ["canaryService"] = name + "-canary",
            ["trafficRouting"] = new JsonObject { ["nginx"] = new JsonObject { ["stableIngress"] = name } },
            ["steps"] = steps ?? new JsonArray([.. Weights.Select(w => (JsonNode)new JsonObject { ["setWeight"] = w })]),
        };
        if (analysis is not null)
        {
            canary["analysis"] = analysis;
        }

        var container = new JsonObject
        {
            ["name"] = "web",
            ["image"] = image,
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 }),
        };
        if (env is not null)
        {
            container["env"] = env;
        }

        return new JsonObject
        {
            ["apiVersion"] = "rollouts.dev/v1alpha1",
            ["kind"] = "Rollout",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["replicas"] = Replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(container) },
                },
                ["strategy"] = new JsonObject { ["canary"] = canary },
            },
        };
    }

    /// <summary>The canary pods a weight needs: ceil(replicas × weight / 100).</summary>
    public static int CanaryPodsFor(int weight) => (Replicas * weight + 99) / 100;
}
