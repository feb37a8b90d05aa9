using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;
using Rollouts.Testing;

namespace Rollouts.Sandbox.Tests.Simulation;

/// <summary>
/// A sandbox API server with the workload simulator running, on a manual clock (started at the current whole
/// second, so the serving certificate is valid) or the system clock, and the reads the simulation tests make.
/// </summary>
internal sealed class SimulatedCluster : IAsyncDisposable
{
    public const string HashLabel = "rollouts-pod-template-hash";

    private readonly ManualTimeProvider? _clock;

    private SimulatedCluster(SandboxApi api, ManualTimeProvider? clock)
    {
        Api = api;
        _clock = clock;
    }

    public SandboxApi Api { get; }
    public ObjectStore Store => Api.Server.Store;
    public ManualTimeProvider Clock => _clock ?? throw new InvalidOperationException("This cluster runs on the system clock.");

    public static async Task<SimulatedCluster> StartAsync(TimeSpan? readyDelay = null, bool manualClock = true, int? seed = null)
    {
        var now = TimeProvider.System.GetUtcNow();
        var clock = manualClock ? new ManualTimeProvider(new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero)) : null;
        var api = await SandboxApi.StartAsync(new ApiServerOptions
        {
            Time = clock ?? TimeProvider.System,
            ReadyDelay = readyDelay ?? TimeSpan.FromSeconds(1),
            Seed = seed,
        });
        return new SimulatedCluster(api, clock);
    }

    /// <summary>A ReplicaSet as the operator writes one: app and template-hash labels, one container.</summary>
    public static JsonObject ReplicaSet(string name, int replicas, string ns = "default", int minReadySeconds = 0,
        IReadOnlyDictionary<string, string>? templateAnnotations = null, string hash = "6d4cf56db6")
    {
        var labels = new JsonObject { ["app"] = name, [HashLabel] = hash };
        var templateMetadata = new JsonObject { ["labels"] = labels.DeepClone() };
        if (templateAnnotations is not null)
        {
            templateMetadata["annotations"] = new JsonObject([.. templateAnnotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))]);
        }

        var spec = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
            ["template"] = new JsonObject
            {
                ["metadata"] = templateMetadata,
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "web",
                        ["image"] = "web:1.0",
                        ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 }),
                    }),
                },
            },
        };
        if (minReadySeconds > 0)
        {
            spec["minReadySeconds"] = minReadySeconds;
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labels.DeepClone() },
            ["spec"] = spec,
        };
    }

    public async Task<JsonObject> CreateAsync(JsonObject obj)
    {
        var ns = obj["metadata"]!["namespace"]?.GetValue<string>() ?? "default";
        var path = obj["kind"]!.GetValue<string>() switch
        {
            "ReplicaSet" => $"/apis/apps/v1/namespaces/{ns}/replicasets",
            "Deployment" => $"/apis/apps/v1/namespaces/{ns}/deployments",
            "Pod" => $"/api/v1/namespaces/{ns}/pods",
            var kind => throw new ArgumentException($"no path for {kind}", nameof(obj)),
        };
        var (code, body) = await Api.PostAsync(path, obj);
        Assert.True(code == 201, $"create {obj["kind"]} answered {code}: {body?.ToJsonString()}");
        return body!.AsObject();
    }

    /// <summary>Sets spec.replicas with a merge patch, as kubectl scale or an operator would.</summary>
    public async Task ScaleAsync(string resource, string name, int replicas, string ns = "default")
    {
        var (code, body) = await Api.PatchAsync($"/apis/apps/v1/namespaces/{ns}/{resource}/{name}", $$$"""{"spec":{"replicas":{{{replicas}}}}}""");
        Assert.True(code == 200, $"scale answered {code}: {body?.ToJsonString()}");
    }

    public JsonObject? Get(ResourceType type, string name, string ns = "default") =>
        Store.Get(type.StorageKey, new ObjectKey(ns, name))?.ToJsonObject();

    public JsonObject ReplicaSetObject(string name, string ns = "default") =>
        Get(BuiltInTypes.ReplicaSets, name, ns) ?? throw new InvalidOperationException($"ReplicaSet {ns}/{name} does not exist");

    /// <summary>A status count of a ReplicaSet or Deployment; a missing count is 0, as clients read it.</summary>
    public static long Count(JsonObject workload, string field) => JsonRead.Integer(workload, "status", field) ?? 0;

    /// <summary>(replicas, readyReplicas, availableReplicas) of a ReplicaSet's status.</summary>
    public (long Replicas, long Ready, long Available) Counts(string name, string ns = "default")
    {
        var rs = Get(BuiltInTypes.ReplicaSets, name, ns);
        return rs is null ? (-1, -1, -1) : (Count(rs, "replicas"), Count(rs, "readyReplicas"), Count(rs, "availableReplicas"));
    }

    /// <summary>The pods whose controlling owner is the ReplicaSet <paramref name="name"/>, oldest name first.</summary>
    public List<JsonObject> PodsOf(string name, string ns = "default") =>
        [.. Store.State.Objects(BuiltInTypes.Pods.StorageKey, ns)
            .Select(p => p.ToJsonObject())
            .Where(p => JsonRead.Array(p, "metadata", "ownerReferences").Any(o =>
                JsonRead.String(o, "kind") == "ReplicaSet" && JsonRead.String(o, "name") == name && JsonRead.Boolean(o, "controller") == true))];

    public static bool IsReady(JsonObject pod) =>
        JsonRead.Array(pod, "status", "conditions").Any(c => JsonRead.String(c, "type") == "Ready" && JsonRead.String(c, "status") == "True");

    public static string? Phase(JsonObject pod) => JsonRead.String(pod, "status", "phase");

    public static string Name(JsonObject obj) => JsonRead.String(obj, "metadata", "name")!;

    public Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null) => Eventually.WaitUntilAsync(condition, what, deadline);

    /// <summary>Waits until the ReplicaSet reports these counts.</summary>
    public Task WaitForCountsAsync(string name, long replicas, long ready, long available, string ns = "default") =>
        Eventually.WaitUntilAsync(() => Counts(name, ns) == (replicas, ready, available),
            $"ReplicaSet {name} to report replicas={replicas} ready={ready} available={available}");

    /// <summary>Waits until the ReplicaSet has <paramref name="count"/> pods, all running (and ready, if asked).</summary>
    public Task WaitForPodsAsync(string name, int count, bool ready = false, string ns = "default") =>
        Eventually.WaitUntilAsync(() =>
        {
            var pods = PodsOf(name, ns);
            return pods.Count == count && pods.All(p => Phase(p) == "Running" && (!ready || IsReady(p)));
        }, $"ReplicaSet {name} to have {count} running{(ready ? " and ready" : "")} pods");

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
