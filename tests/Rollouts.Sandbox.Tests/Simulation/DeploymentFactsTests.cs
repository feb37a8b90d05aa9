using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Storage;
using Rollouts.Sandbox.Simulation;

namespace Rollouts.Sandbox.Tests.Simulation;

public sealed class DeploymentFactsTests
{
    [Theory]
    [InlineData("""{"type":"RollingUpdate"}""", 10, 2)]
    [InlineData("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}""", 3, 0)]
    [InlineData("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":3}}""", 10, 3)]
    [InlineData("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"50%"}}""", 5, 2)]
    [InlineData("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":0}}""", 4, 1)]
    [InlineData("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":9}}""", 2, 2)]
    [InlineData("""{"type":"Recreate"}""", 10, 0)]
    public void Max_unavailable_resolves_counts_and_percentages_of_replicas(string strategy, int replicas, int expected)
    {
        var deployment = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "default", ["uid"] = "u1" },
            ["spec"] = new JsonObject { ["replicas"] = replicas, ["strategy"] = JsonNode.Parse(strategy) },
        };

        var facts = DeploymentFacts.Parse(StoredObject.From("deployments.apps", deployment, 1));

        Assert.Equal(expected, facts.MaxUnavailable);
    }
}
