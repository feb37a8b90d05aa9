using System.Text;
using System.Text.Json;
using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Operator.Tests.Support;

/// <summary>
/// Reads objects straight from the in-memory server's store, in-process: what the world holds now, without a
/// request the server would count.
/// </summary>
internal sealed class ServerState(ApiServer server, string @namespace = "default")
{
    public Rollout? Rollout(string name) =>
        Read(Load("rollouts.rollouts.dev", name), RolloutsJsonContext.Default.Rollout);

    public AnalysisRun? AnalysisRun(string name) =>
        Read(Load("analysisruns.rollouts.dev", name), RolloutsJsonContext.Default.AnalysisRun);

    /// <summary>The AnalysisRun as the server stores it, as JSON text: what any reader of the API could see.</summary>
    public string? AnalysisRunJson(string name) => Load("analysisruns.rollouts.dev", name) is { } stored ? Encoding.UTF8.GetString(stored.Json) : null;

    public Ingress? Ingress(string name) =>
        Read(Load("ingresses.networking.k8s.io", name), KubernetesJsonContext.Default.Ingress);

    public HttpRoute? HttpRoute(string name) =>
        Read(Load("httproutes.gateway.networking.k8s.io", name), KubernetesJsonContext.Default.HttpRoute);

    public Service? Service(string name) =>
        Read(Load("services", name), KubernetesJsonContext.Default.Service);

    public Lease? Lease(string name) =>
        Read(Load("leases.coordination.k8s.io", name), KubernetesJsonContext.Default.Lease);

    public IReadOnlyList<ReplicaSet> ReplicaSets() =>
        [.. server.Store.State.Objects("replicasets.apps", @namespace)
            .Select(o => JsonSerializer.Deserialize(o.Json, KubernetesJsonContext.Default.ReplicaSet)!)];

    public IReadOnlyList<AnalysisRun> AnalysisRuns() =>
        [.. server.Store.State.Objects("analysisruns.rollouts.dev", @namespace)
            .Select(o => JsonSerializer.Deserialize(o.Json, RolloutsJsonContext.Default.AnalysisRun)!)];
    public IReadOnlyList<Pod> Pods() =>
        [.. server.Store.State.Objects("pods", @namespace)
            .Select(o => JsonSerializer.Deserialize(o.Json, KubernetesJsonContext.Default.Pod)!)];

    public IReadOnlyList<Event> Events() =>
        [.. server.Store.State.Objects("events", @namespace)
            .Select(o => JsonSerializer.Deserialize(o.Json, KubernetesJsonContext.Default.Event)!)];

    /// <summary>The canary weight the ingress's annotation holds; 0 when there is no such ingress.</summary>
    public int IngressWeight(string name) => WeightOf(Ingress(name));

    public static int WeightOf(Ingress? ingress) =>
        ingress?.Metadata.Annotations?.GetValueOrDefault("nginx.ingress.kubernetes.io/canary-weight") is { } text && int.TryParse(text, out var weight)
            ? weight
            : 0;

    private StoredObject? Load(string storageKey, string name) => server.Store.Get(storageKey, new ObjectKey(@namespace, name));

    private static T? Read<T>(StoredObject? stored, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class =>
        stored is null ? null : JsonSerializer.Deserialize(stored.Json, type);
}
