using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Rollouts.Kubernetes.Models;

/// <summary>A core/v1 Service: a stable address for the pods its selector matches.</summary>
public sealed record Service : IKubernetesObject<Service>
{
    public static ApiResource Resource { get; } = new("", "v1", "services", "Service", namespaced: true);

    public static JsonTypeInfo<Service> JsonTypeInfo => KubernetesJsonContext.Default.Service;

    public string ApiVersion { get => field ?? "v1"; init; }

    public string Kind { get => field ?? "Service"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    public ServiceSpec? Spec { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record ServiceSpec
{
    public IReadOnlyDictionary<string, string>? Selector { get; init; }

    public IReadOnlyList<ServicePort>? Ports { get; init; }

    /// <summary><c>ClusterIP</c>, <c>NodePort</c>, <c>LoadBalancer</c> or <c>ExternalName</c>.</summary>
    public string? Type { get; init; }

    [JsonPropertyName("clusterIP")]
    public string? ClusterIP { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record ServicePort
{
    public string? Name { get; init; }

    public string? Protocol { get; init; }

    public int? Port { get; init; }

    public IntOrString? TargetPort { get; init; }

    public int? NodePort { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
