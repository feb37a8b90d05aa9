using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;
using Rollouts.Sandbox.Simulation;
using static Rollouts.Sandbox.Tests.Simulation.SimulatedCluster;

namespace Rollouts.Sandbox.Tests.Simulation;

public sealed class SimulatedKubeletTests : IAsyncLifetime
{
    private SimulatedCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SimulatedCluster.StartAsync(readyDelay: TimeSpan.FromSeconds(1));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_pod_is_pending_then_running_then_ready_after_the_delay()
    {
        using var changes = _cluster.Store.Subscribe(BuiltInTypes.Pods.StorageKey);
        var start = _cluster.Clock.GetUtcNow();
        await _cluster.CreateAsync(Pod("solo"));
        await _cluster.WaitUntilAsync(() => Running("solo"), "the pod to run");

        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));

        await _cluster.WaitUntilAsync(() => IsReady(_cluster.Get(BuiltInTypes.Pods, "solo")!), "the pod to be ready");
        Assert.Equal(["Added  not ready", "Pending not ready", "Running not ready", "Running ready"], Stages(changes));
        var status = JsonRead.Object(_cluster.Get(BuiltInTypes.Pods, "solo"), "status")!;
        Assert.Equal(ObjectMetadata.Timestamp(start), JsonRead.String(status, "startTime"));
        Assert.Equal(ObjectMetadata.Timestamp(start.AddSeconds(1)), JsonRead.String(Condition(status, "Ready"), "lastTransitionTime"));
        Assert.Equal("True", JsonRead.String(Condition(status, "ContainersReady"), "status"));
        Assert.StartsWith("10.244.", JsonRead.String(status, "podIP"), StringComparison.Ordinal);
        Assert.Equal("BestEffort", JsonRead.String(status, "qosClass"));
        var container = Assert.Single(JsonRead.Array(status, "containerStatuses"));
        Assert.Equal((true, true, "web:1.0"), (JsonRead.Boolean(container, "ready"), JsonRead.Boolean(container, "started"), JsonRead.String(container, "image")));
        Assert.NotNull(JsonRead.Object(container, "state", "running"));
    }

    [Fact]
    public async Task With_no_ready_delay_a_pod_is_ready_as_soon_as_it_runs()
    {
        await using var cluster = await SimulatedCluster.StartAsync(readyDelay: TimeSpan.Zero);

        await cluster.CreateAsync(Pod("quick"));

        await cluster.WaitUntilAsync(() => cluster.Get(BuiltInTypes.Pods, "quick") is { } pod && IsReady(pod), "the pod to be ready without the clock moving");
    }

    [Fact]
    public async Task A_ready_delay_that_is_not_a_duration_falls_back_to_the_default()
    {
        await _cluster.CreateAsync(Pod("odd", annotations: new() { [SimulationAnnotations.ReadyDelay] = "soon" }));
        await _cluster.WaitUntilAsync(() => Running("odd"), "the pod to run");

        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));

        await _cluster.WaitUntilAsync(() => IsReady(_cluster.Get(BuiltInTypes.Pods, "odd")!), "the pod to be ready after the default delay");
    }

    [Fact]
    public async Task Init_containers_have_completed_and_sidecars_run_beside_the_main_containers()
    {
        var pod = Pod("with-init");
        pod["spec"]!["initContainers"] = new JsonArray(
            new JsonObject { ["name"] = "migrate", ["image"] = "migrate:1" },
            new JsonObject { ["name"] = "proxy", ["image"] = "proxy:1", ["restartPolicy"] = "Always" });
        await _cluster.CreateAsync(pod);
        await _cluster.WaitUntilAsync(() => Running("with-init"), "the pod to run");

        var statuses = JsonRead.Array(_cluster.Get(BuiltInTypes.Pods, "with-init"), "status", "initContainerStatuses");

        Assert.Equal("Completed", JsonRead.String(statuses[0], "state", "terminated", "reason"));
        Assert.NotNull(JsonRead.Object(statuses[1], "state", "running"));
    }

    private bool Running(string name) => _cluster.Get(BuiltInTypes.Pods, name) is { } pod && Phase(pod) == "Running";

    private static JsonObject? Condition(JsonObject status, string type) =>
        JsonRead.Array(status, "conditions").OfType<JsonObject>().FirstOrDefault(c => JsonRead.String(c, "type") == type);

    /// <summary>Each change the pod went through: event type or phase, and readiness.</summary>
    private static List<string> Stages(StoreSubscription changes)
    {
        var stages = new List<string>();
        while (changes.TryRead(out var change))
        {
            var pod = change!.Object.ToJsonObject();
            var stage = change.Type == StoreEventType.Added ? "Added " : Phase(pod);
            stages.Add($"{stage} {(IsReady(pod) ? "ready" : "not ready")}");
        }

        return stages;
    }

    private static JsonObject Pod(string name, Dictionary<string, string>? annotations = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = "default" };
        if (annotations is not null)
        {
            metadata["annotations"] = new JsonObject([.. annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))]);
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "web:1.0" }),
            },
        };
    }
}
