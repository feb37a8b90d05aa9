using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Rollouts.Kubernetes.Models;

/// <summary>A networking.k8s.io/v1 Ingress. Controller settings (canary weights, ...) live in metadata.annotations.</summary>
public sealed record Ingress : IKubernetesObject<Ingress>
{
    public static ApiResource Resource { get; } = new("networking.k8s.io", "v1", "ingresses", "Ingress", namespaced: true);

    public static JsonTypeInfo<Ingress> JsonTypeInfo => KubernetesJsonContext.Default.Ingress;

    public string ApiVersion { get => field ?? "networking.k8s.io/v1"; init; }

    public string Kind { get => field ?? "Ingress"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    public IngressSpec? Spec { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record IngressSpec
{
    public string? IngressClassName { get; init; }

    public IngressBackend? DefaultBackend { get; init; }

    public IReadOnlyList<IngressRule>? Rules { get; init; }

    public IReadOnlyList<IngressTls>? Tls { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record IngressRule
{
    public string? Host { get; init; }

    public HttpIngressRuleValue? Http { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record HttpIngressRuleValue
{
    public IReadOnlyList<HttpIngressPath>? Paths { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record HttpIngressPath
{
    public string? Path { get; init; }

    /// <summary><c>Exact</c>, <c>Prefix</c> or <c>ImplementationSpecific</c>.</summary>
    public string? PathType { get; init; }

    public IngressBackend? Backend { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record IngressBackend
{
    public IngressServiceBackend? Service { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record IngressServiceBackend
{
    public string? Name { get; init; }

    public ServiceBackendPort? Port { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A service port by number or by name; exactly one is set.</summary>
public sealed record ServiceBackendPort
{
    public string? Name { get; init; }

    public int? Number { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record IngressTls
{
    public IReadOnlyList<string>? Hosts { get; init; }

    public string? SecretName { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
