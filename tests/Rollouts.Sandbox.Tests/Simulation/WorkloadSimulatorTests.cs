using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.Simulation;
using Rollouts.Testing;
using static Rollouts.Sandbox.Tests.Simulation.SimulatedCluster;

namespace Rollouts.Sandbox.Tests.Simulation;

public sealed class WorkloadSimulatorTests
{
    [Fact]
    public async Task Kubectl_shows_the_pods_and_the_ReplicaSet_counts()
    {
        await using var cluster = await SimulatedCluster.StartAsync(readyDelay: TimeSpan.Zero, manualClock: false);
        var kubectl = cluster.Api.Kubectl;
        var applied = await kubectl.RunWithInputAsync("""
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: web, labels: {app: web}}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web, rollouts-pod-template-hash: 6d4cf56db6}}
              template:
                metadata: {labels: {app: web, rollouts-pod-template-hash: 6d4cf56db6}}
                spec: {containers: [{name: web, image: "web:1.0"}]}
            """, "apply", "-f", "-");
        applied.EnsureSuccess();
        await cluster.WaitForCountsAsync("web", replicas: 3, ready: 3, available: 3);

        var rs = (await kubectl.RunAsync("get", "rs", "web")).EnsureSuccess().Stdout;
        var pods = (await kubectl.RunAsync("get", "pods", "-l", "app=web")).EnsureSuccess().Stdout;

        Assert.Matches(@"NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\n", rs);
        Assert.Matches(@"\nweb\s+3\s+3\s+3\s+", rs);
        var rows = pods.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Matches(@"^web-[a-z0-9]{5}\s+1/1\s+Running\s+0\s+", row));
    }

    [Fact]
    public async Task A_failed_write_is_retried_and_the_simulator_keeps_going()
    {
        // The simulator draws pod names from a seeded generator: taking the first five names it will draw makes
        // the first attempt to create the pod fail.
        const int Seed = 7;
        await using var cluster = await SimulatedCluster.StartAsync(readyDelay: TimeSpan.Zero, manualClock: false, seed: Seed);
        var random = new Random(Seed);
        var taken = Enumerable.Range(0, 5).Select(_ => ObjectMetadata.GenerateName("web-", random)).ToList();
        var operations = cluster.Api.Server.Operations;
        foreach (var name in taken)
        {
            operations.Create(BuiltInTypes.Pods, "default", new()
            {
                ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = name },
                ["spec"] = new System.Text.Json.Nodes.JsonObject { ["containers"] = new System.Text.Json.Nodes.JsonArray() },
            }, WriteOptions.Default);
        }

        await cluster.CreateAsync(ReplicaSet("web", replicas: 1));
        await cluster.CreateAsync(ReplicaSet("next", replicas: 1));

        await cluster.WaitForCountsAsync("web", replicas: 1, ready: 1, available: 1);
        await cluster.WaitForCountsAsync("next", replicas: 1, ready: 1, available: 1);
        Assert.DoesNotContain(Name(Assert.Single(cluster.PodsOf("web"))), taken);
    }

    [Fact]
    public async Task A_simulator_started_later_takes_up_the_ReplicaSets_already_there_and_stops_when_cancelled()
    {
        await using var api = await SandboxApi.StartAsync(new ApiServerOptions { SimulateWorkloads = false });
        api.Server.Operations.Create(BuiltInTypes.ReplicaSets, "default", ReplicaSet("early", replicas: 2), WriteOptions.Default);
        var simulator = new WorkloadSimulator(api.Server, new WorkloadSimulatorOptions { ReadyDelay = TimeSpan.Zero }, NullLogger.Instance);
        using var stop = new CancellationTokenSource();

        var running = simulator.RunAsync(stop.Token);

        await Eventually.WaitUntilAsync(
            () => api.Server.Store.Get(BuiltInTypes.ReplicaSets.StorageKey, new("default", "early"))?.ToJsonObject() is { } rs
                && Count(rs, "availableReplicas") == 2,
            "the existing ReplicaSet to get 2 available pods");
        await Assert.ThrowsAsync<InvalidOperationException>(() => simulator.RunAsync(CancellationToken.None));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }
}
