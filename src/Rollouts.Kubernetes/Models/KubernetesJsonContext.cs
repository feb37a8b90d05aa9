using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Models;

/// <summary>
/// Source-generated JSON for every built-in model: camelCase names, nulls left out when writing,
/// unknown fields kept. Projects with models of their own make a context with the same options.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ObjectMeta))]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(Scale))]
[JsonSerializable(typeof(ReplicaSet))]
[JsonSerializable(typeof(Pod))]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(Ingress))]
[JsonSerializable(typeof(HttpRoute))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(Lease))]
[JsonSerializable(typeof(Secret))]
[JsonSerializable(typeof(KubernetesObject))]
[JsonSerializable(typeof(KubernetesList<ReplicaSet>))]
[JsonSerializable(typeof(KubernetesList<Pod>))]
[JsonSerializable(typeof(KubernetesList<Service>))]
[JsonSerializable(typeof(KubernetesList<Ingress>))]
[JsonSerializable(typeof(KubernetesList<HttpRoute>))]
[JsonSerializable(typeof(KubernetesList<Event>))]
[JsonSerializable(typeof(KubernetesList<Lease>))]
[JsonSerializable(typeof(KubernetesList<Secret>))]
[JsonSerializable(typeof(KubernetesList<KubernetesObject>))]
[JsonSerializable(typeof(WatchEvent<KubernetesObject>))]
public sealed partial class KubernetesJsonContext : JsonSerializerContext;
