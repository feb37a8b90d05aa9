using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.Simulation;
using static Rollouts.Sandbox.Tests.Simulation.SimulatedCluster;

namespace Rollouts.Sandbox.Tests.Simulation;

public sealed partial class ReplicaSetControllerTests : IAsyncLifetime
{
    private SimulatedCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SimulatedCluster.StartAsync(readyDelay: TimeSpan.FromSeconds(1));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_ReplicaSet_gets_its_pods_which_become_ready_and_available_after_the_delay()
    {
        await _cluster.CreateAsync(ReplicaSet("web", replicas: 3));

        await _cluster.WaitForPodsAsync("web", 3);
        await _cluster.WaitForCountsAsync("web", replicas: 3, ready: 0, available: 0);
        Assert.All(_cluster.PodsOf("web"), pod => Assert.False(IsReady(pod)));

        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));

        await _cluster.WaitForCountsAsync("web", replicas: 3, ready: 3, available: 3);
        var rs = _cluster.ReplicaSetObject("web");
        Assert.Equal((3L, 1L), (Count(rs, "fullyLabeledReplicas"), Count(rs, "observedGeneration")));
        Assert.All(_cluster.PodsOf("web"), pod => Assert.True(IsReady(pod)));
    }

    [Fact]
    public async Task Pods_carry_the_template_labels_hash_and_spec_and_are_owned_by_the_ReplicaSet()
    {
        var rs = await _cluster.CreateAsync(ReplicaSet("checkout", replicas: 2, hash: "abc123"));

        await _cluster.WaitForPodsAsync("checkout", 2);
        foreach (var pod in _cluster.PodsOf("checkout"))
        {
            Assert.Matches(PodName(), Name(pod));
            Assert.Equal("checkout-", JsonRead.String(pod, "metadata", "generateName"));
            Assert.Equal("abc123", JsonRead.String(pod, "metadata", "labels", HashLabel));
            Assert.Equal("checkout", JsonRead.String(pod, "metadata", "labels", "app"));
            var owner = Assert.Single(JsonRead.Array(pod, "metadata", "ownerReferences"));
            Assert.Equal(
                ("apps/v1", "ReplicaSet", "checkout", JsonRead.String(rs, "metadata", "uid"), true, true),
                (JsonRead.String(owner, "apiVersion"), JsonRead.String(owner, "kind"), JsonRead.String(owner, "name"),
                    JsonRead.String(owner, "uid"), JsonRead.Boolean(owner, "controller"), JsonRead.Boolean(owner, "blockOwnerDeletion")));
            Assert.Equal("web:1.0", JsonRead.String(JsonRead.Array(pod, "spec", "containers")[0], "image"));
            Assert.Equal(8080, JsonRead.Integer(JsonRead.Array(pod, "spec", "containers")[0]!["ports"]![0], "containerPort"));
        }
    }

    [Fact]
    public async Task Scaling_up_adds_pods_and_scaling_down_removes_the_newest_first()
    {
        await _cluster.CreateAsync(ReplicaSet("web", replicas: 2));
        await _cluster.WaitForPodsAsync("web", 2);
        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await _cluster.WaitForCountsAsync("web", replicas: 2, ready: 2, available: 2);
        var original = _cluster.PodsOf("web").Select(Name).ToHashSet();

        _cluster.Clock.Advance(TimeSpan.FromSeconds(10));
        await _cluster.ScaleAsync("replicasets", "web", 4);
        await _cluster.WaitForPodsAsync("web", 4);
        await _cluster.WaitForCountsAsync("web", replicas: 4, ready: 2, available: 2);
        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await _cluster.WaitForCountsAsync("web", replicas: 4, ready: 4, available: 4);

        await _cluster.ScaleAsync("replicasets", "web", 2);

        await _cluster.WaitForCountsAsync("web", replicas: 2, ready: 2, available: 2);
        Assert.Equal(original, _cluster.PodsOf("web").Select(Name).ToHashSet());
        Assert.Equal(3, JsonRead.Integer(_cluster.ReplicaSetObject("web"), "status", "observedGeneration"));
    }

    [Fact]
    public async Task Scaling_to_zero_removes_every_pod_and_reports_zero_replicas()
    {
        await _cluster.CreateAsync(ReplicaSet("web", replicas: 2));
        await _cluster.WaitForPodsAsync("web", 2);

        await _cluster.ScaleAsync("replicasets", "web", 0);

        await _cluster.WaitUntilAsync(() => _cluster.PodsOf("web").Count == 0, "the pods to go");
        await _cluster.WaitForCountsAsync("web", replicas: 0, ready: 0, available: 0);
        var status = JsonRead.Object(_cluster.ReplicaSetObject("web"), "status")!;
        Assert.Equal(0, JsonRead.Integer(status, "replicas"));
        Assert.Null(status["readyReplicas"]);
    }

    [Fact]
    public async Task A_pod_is_available_only_once_it_has_been_ready_for_minReadySeconds()
    {
        await _cluster.CreateAsync(ReplicaSet("web", replicas: 3, minReadySeconds: 5));
        await _cluster.WaitForPodsAsync("web", 3);

        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await _cluster.WaitForCountsAsync("web", replicas: 3, ready: 3, available: 0);
        _cluster.Clock.Advance(TimeSpan.FromSeconds(4.5));
        await _cluster.WaitForPodsAsync("web", 3, ready: true);
        Assert.Equal((3L, 3L, 0L), _cluster.Counts("web"));

        _cluster.Clock.Advance(TimeSpan.FromSeconds(0.5));

        await _cluster.WaitForCountsAsync("web", replicas: 3, ready: 3, available: 3);
    }

    [Fact]
    public async Task Pods_of_a_never_ready_template_run_but_never_become_ready()
    {
        var neverReady = new Dictionary<string, string> { [SimulationAnnotations.NeverReady] = "true" };
        await _cluster.CreateAsync(ReplicaSet("stuck", replicas: 2, templateAnnotations: neverReady));
        await _cluster.CreateAsync(ReplicaSet("fine", replicas: 2));
        await _cluster.WaitForPodsAsync("stuck", 2);
        await _cluster.WaitForPodsAsync("fine", 2);

        _cluster.Clock.Advance(TimeSpan.FromHours(1));

        await _cluster.WaitForCountsAsync("fine", replicas: 2, ready: 2, available: 2);
        Assert.Equal((2L, 0L, 0L), _cluster.Counts("stuck"));
        Assert.All(_cluster.PodsOf("stuck"), pod =>
        {
            Assert.Equal("Running", Phase(pod));
            Assert.False(IsReady(pod));
            Assert.Equal("true", JsonRead.String(pod, "metadata", "annotations", SimulationAnnotations.NeverReady));
        });
    }

    [Fact]
    public async Task A_template_ready_delay_overrides_the_default()
    {
        var slow = new Dictionary<string, string> { [SimulationAnnotations.ReadyDelay] = "5s" };
        await _cluster.CreateAsync(ReplicaSet("slow", replicas: 1, templateAnnotations: slow));
        await _cluster.CreateAsync(ReplicaSet("fast", replicas: 1));
        await _cluster.WaitForPodsAsync("slow", 1);
        await _cluster.WaitForPodsAsync("fast", 1);

        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await _cluster.WaitForCountsAsync("fast", replicas: 1, ready: 1, available: 1);
        Assert.Equal((1L, 0L, 0L), _cluster.Counts("slow"));

        _cluster.Clock.Advance(TimeSpan.FromSeconds(4));
        await _cluster.WaitForCountsAsync("slow", replicas: 1, ready: 1, available: 1);
    }

    [Fact]
    public async Task Deleting_the_ReplicaSet_removes_its_pods()
    {
        await _cluster.CreateAsync(ReplicaSet("web", replicas: 3));
        await _cluster.CreateAsync(ReplicaSet("other", replicas: 1));
        await _cluster.WaitForPodsAsync("web", 3);
        await _cluster.WaitForPodsAsync("other", 1);

        var (code, _) = await _cluster.Api.DeleteAsync("/apis/apps/v1/namespaces/default/replicasets/web");

        Assert.Equal(200, code);
        await _cluster.WaitUntilAsync(() => _cluster.PodsOf("web").Count == 0, "the ReplicaSet's pods to be collected");
        Assert.Single(_cluster.PodsOf("other"));
    }

    [Fact]
    public async Task A_deleted_pod_is_replaced()
    {
        await _cluster.CreateAsync(ReplicaSet("web", replicas: 2));
        await _cluster.WaitForPodsAsync("web", 2);
        var victim = Name(_cluster.PodsOf("web")[0]);

        await _cluster.Api.DeleteAsync($"/api/v1/namespaces/default/pods/{victim}");

        await _cluster.WaitUntilAsync(() => _cluster.PodsOf("web") is { Count: 2 } pods && pods.All(p => Name(p) != victim),
            "a new pod in place of the deleted one");
        await _cluster.WaitForPodsAsync("web", 2);
    }

    [Fact]
    public async Task A_pod_relabelled_out_of_the_selector_is_released_and_replaced()
    {
        await _cluster.CreateAsync(ReplicaSet("web", replicas: 2));
        await _cluster.WaitForPodsAsync("web", 2);
        var debugged = Name(_cluster.PodsOf("web")[0]);

        await _cluster.Api.PatchAsync($"/api/v1/namespaces/default/pods/{debugged}", """{"metadata":{"labels":{"app":"debug"}}}""");

        await _cluster.WaitUntilAsync(() => _cluster.PodsOf("web") is { Count: 2 } pods && pods.All(p => Name(p) != debugged),
            "the relabelled pod to be released and replaced");
        var released = _cluster.Get(BuiltInTypes.Pods, debugged)!;
        Assert.Empty(JsonRead.Array(released, "metadata", "ownerReferences"));
    }

    [Fact]
    public async Task Status_is_written_only_when_it_changes()
    {
        await _cluster.CreateAsync(ReplicaSet("web", replicas: 2));
        await _cluster.WaitForPodsAsync("web", 2);
        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await _cluster.WaitForCountsAsync("web", replicas: 2, ready: 2, available: 2);
        await _cluster.WaitForPodsAsync("web", 2, ready: true);
        var before = _cluster.Store.ResourceVersion;

        // Changes the ReplicaSet's status does not depend on: each one makes the controller look again.
        foreach (var pod in _cluster.PodsOf("web"))
        {
            await _cluster.Api.PatchAsync($"/api/v1/namespaces/default/pods/{Name(pod)}", """{"metadata":{"annotations":{"touched":"yes"}}}""");
        }

        await _cluster.Api.PatchAsync("/apis/apps/v1/namespaces/default/replicasets/web", """{"metadata":{"labels":{"team":"a"}}}""");

        // Then one that does: one more pod, which runs and becomes ready.
        await _cluster.ScaleAsync("replicasets", "web", 3);
        await _cluster.WaitForPodsAsync("web", 3);
        await _cluster.WaitForCountsAsync("web", replicas: 3, ready: 2, available: 2);
        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await _cluster.WaitForCountsAsync("web", replicas: 3, ready: 3, available: 3);
        await _cluster.WaitForPodsAsync("web", 3, ready: true);

        // 3 writes of ours, the scale, the new pod's create, Pending, Running and Ready,
        // and two status writes: replicas 3, then ready and available 3.
        Assert.Equal(before + 3 + 1 + 4 + 2, _cluster.Store.ResourceVersion);
    }

    [Fact]
    public async Task Two_hundred_ReplicaSets_converge()
    {
        await using var cluster = await SimulatedCluster.StartAsync(readyDelay: TimeSpan.Zero, manualClock: false);
        const int Count = 200;
        var operations = cluster.Api.Server.Operations;
        for (var i = 0; i < Count; i++)
        {
            operations.Create(BuiltInTypes.ReplicaSets, "default", ReplicaSet($"app-{i:000}", replicas: 2), WriteOptions.Default);
        }

        await cluster.WaitUntilAsync(
            () => Enumerable.Range(0, Count).All(i => cluster.Counts($"app-{i:000}") == (2, 2, 2)),
            $"{Count} ReplicaSets to have 2 available pods each",
            TimeSpan.FromSeconds(60));
        Assert.Equal(2 * Count, cluster.Store.State.Collection(BuiltInTypes.Pods.StorageKey).Count);
    }

    [GeneratedRegex("^checkout-[bcdfghjklmnpqrstvwxz2456789]{5}$")]
    private static partial Regex PodName();
}
