using System.Text.Json;
using Rollouts.Api;
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

    public Ingress? Ingress(string name) =>
        Read(Load("ingresses.networking.k8s.io", name), KubernetesJsonContext.Default.Ingress);

    public Service? Service(string name) =>
        Read(Load("services", name), KubernetesJsonContext.Default.Service);

    public IReadOnlyList<ReplicaSet> ReplicaSets() =>
        [.. server.Store.State.Objects("replicasets.apps", @namespace)
            .Select(o => JsonSerializer.Deserialize(o.Json, KubernetesJsonContext.Default.ReplicaSet)!)];

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
