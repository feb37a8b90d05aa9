using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.Simulation;
using static Rollouts.Sandbox.Tests.Simulation.SimulatedCluster;

namespace Rollouts.Sandbox.Tests.Simulation;

public sealed class DeploymentControllerTests : IAsyncLifetime
{
    private const string Revision = "deployment.kubernetes.io/revision";

    private SimulatedCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SimulatedCluster.StartAsync(readyDelay: TimeSpan.FromSeconds(1));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_Deployment_gets_a_ReplicaSet_for_its_template_and_reports_its_pods()
    {
        await _cluster.CreateAsync(Deployment("web", replicas: 3));

        var rs = await SingleReplicaSetAsync("web");
        var hash = JsonRead.String(rs, "metadata", "labels", "pod-template-hash");
        Assert.NotNull(hash);
        Assert.Equal($"web-{hash}", Name(rs));
        Assert.Equal(hash, JsonRead.String(rs, "spec", "selector", "matchLabels", "pod-template-hash"));
        Assert.Equal(hash, JsonRead.String(rs, "spec", "template", "metadata", "labels", "pod-template-hash"));
        Assert.Equal(("1", 3L), (JsonRead.String(rs, "metadata", "annotations", Revision), JsonRead.Integer(rs, "spec", "replicas")));
        await _cluster.WaitForPodsAsync(Name(rs), 3);

        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));

        await WaitForDeploymentAsync("web", replicas: 3, updated: 3, available: 3);
        var deployment = _cluster.Get(BuiltInTypes.Deployments, "web")!;
        Assert.Equal((3L, 1L), (Count(deployment, "readyReplicas"), Count(deployment, "observedGeneration")));
        Assert.Equal("1", JsonRead.String(deployment, "metadata", "annotations", Revision));
        await _cluster.WaitUntilAsync(() => Condition("web", "Progressing") == ("True", "NewReplicaSetAvailable"), "the rollout to be complete");
        Assert.Equal(("True", "MinimumReplicasAvailable"), Condition("web", "Available"));
    }

    [Fact]
    public async Task A_new_template_gets_a_new_ReplicaSet_and_the_old_one_is_scaled_to_zero()
    {
        await _cluster.CreateAsync(Deployment("web", replicas: 2));
        var first = await SingleReplicaSetAsync("web");
        await _cluster.WaitForPodsAsync(Name(first), 2);
        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForDeploymentAsync("web", replicas: 2, updated: 2, available: 2);

        await _cluster.Api.PatchAsync("/apis/apps/v1/namespaces/default/deployments/web",
            """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"web:2.0"}]}}}}""",
            "application/strategic-merge-patch+json");

        await _cluster.WaitUntilAsync(() => ReplicaSetsOf("web").Count == 2, "a second ReplicaSet");
        var second = ReplicaSetsOf("web").Single(rs => Name(rs) != Name(first));
        Assert.Equal("2", JsonRead.String(second, "metadata", "annotations", Revision));
        await _cluster.WaitForPodsAsync(Name(second), 2);
        await _cluster.WaitUntilAsync(() => _cluster.PodsOf(Name(first)).Count == 0, "the old ReplicaSet's pods to go");
        Assert.Equal(0, JsonRead.Integer(_cluster.ReplicaSetObject(Name(first)), "spec", "replicas"));
        Assert.Equal("web:2.0", JsonRead.String(JsonRead.Array(_cluster.PodsOf(Name(second))[0], "spec", "containers")[0], "image"));
        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForDeploymentAsync("web", replicas: 2, updated: 2, available: 2);
        await _cluster.WaitUntilAsync(() => JsonRead.String(_cluster.Get(BuiltInTypes.Deployments, "web"), "metadata", "annotations", Revision) == "2",
            "the Deployment to carry revision 2");
    }

    [Fact]
    public async Task A_rollout_that_never_becomes_ready_exceeds_its_progress_deadline()
    {
        var deployment = Deployment("stuck", replicas: 2);
        deployment["spec"]!["progressDeadlineSeconds"] = 30;
        deployment["spec"]!["template"]!["metadata"]!["annotations"] = new JsonObject { [SimulationAnnotations.NeverReady] = "true" };
        await _cluster.CreateAsync(deployment);
        var rs = await SingleReplicaSetAsync("stuck");
        await _cluster.WaitForPodsAsync(Name(rs), 2);
        await WaitForDeploymentAsync("stuck", replicas: 2, updated: 2, available: 0);
        Assert.Equal("True", Condition("stuck", "Progressing").Status);
        Assert.Equal(("False", "MinimumReplicasUnavailable"), Condition("stuck", "Available"));

        _cluster.Clock.Advance(TimeSpan.FromSeconds(30));

        await _cluster.WaitUntilAsync(() => Condition("stuck", "Progressing") == ("False", "ProgressDeadlineExceeded"),
            "the Progressing condition to report the deadline exceeded");
    }

    private static JsonObject Deployment(string name, int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
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

    private List<JsonObject> ReplicaSetsOf(string deployment) =>
        [.. _cluster.Store.State.Objects(BuiltInTypes.ReplicaSets.StorageKey, "default")
            .Select(rs => rs.ToJsonObject())
            .Where(rs => JsonRead.Array(rs, "metadata", "ownerReferences").Any(o =>
                JsonRead.String(o, "kind") == "Deployment" && JsonRead.String(o, "name") == deployment))];

    private async Task<JsonObject> SingleReplicaSetAsync(string deployment)
    {
        await _cluster.WaitUntilAsync(() => ReplicaSetsOf(deployment).Count == 1, $"Deployment {deployment} to get its ReplicaSet");
        return ReplicaSetsOf(deployment)[0];
    }

    private Task WaitForDeploymentAsync(string name, long replicas, long updated, long available) =>
        _cluster.WaitUntilAsync(() => _cluster.Get(BuiltInTypes.Deployments, name) is { } d
            && (Count(d, "replicas"), Count(d, "updatedReplicas"), Count(d, "availableReplicas")) == (replicas, updated, available),
            $"Deployment {name} to report replicas={replicas} updated={updated} available={available}");

    private (string? Status, string? Reason) Condition(string deployment, string type)
    {
        var condition = JsonRead.Array(_cluster.Get(BuiltInTypes.Deployments, deployment), "status", "conditions")
            .FirstOrDefault(c => JsonRead.String(c, "type") == type);
        return (JsonRead.String(condition, "status"), JsonRead.String(condition, "reason"));
    }
}
