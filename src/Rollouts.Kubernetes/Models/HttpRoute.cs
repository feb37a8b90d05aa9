using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Rollouts.Kubernetes.Models;

/// <summary>
/// A gateway.networking.k8s.io/v1 HTTPRoute: rules that match requests and send them to weighted backendRefs. Only
/// the fields the operator reads or writes are typed; every other field is kept as it was read.
/// </summary>
public sealed record HttpRoute : IKubernetesObject<HttpRoute>
{
    public static ApiResource Resource { get; } = new("gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute", namespaced: true);

    public static JsonTypeInfo<HttpRoute> JsonTypeInfo => KubernetesJsonContext.Default.HttpRoute;

    public string ApiVersion { get => field ?? "gateway.networking.k8s.io/v1"; init; }

    public string Kind { get => field ?? "HTTPRoute"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    public HttpRouteSpec? Spec { get; init; }

    public HttpRouteStatus? Status { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record HttpRouteSpec
{
    public IReadOnlyList<JsonElement>? ParentRefs { get; init; }

    public IReadOnlyList<string>? Hostnames { get; init; }

    public IReadOnlyList<HttpRouteRule>? Rules { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record HttpRouteRule
{
    public IReadOnlyList<HttpRouteMatch>? Matches { get; init; }

    public IReadOnlyList<HttpBackendRef>? BackendRefs { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A request matches when its path, headers (all of them) and the rest match; an empty match matches all.</summary>
public sealed record HttpRouteMatch
{
    public HttpPathMatch? Path { get; init; }

    public IReadOnlyList<HttpHeaderMatch>? Headers { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record HttpPathMatch
{
    /// <summary><c>Exact</c>, <c>PathPrefix</c> (the default) or <c>RegularExpression</c>.</summary>
    public string? Type { get; init; }

    public string? Value { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record HttpHeaderMatch
{
    /// <summary><c>Exact</c> (the default) or <c>RegularExpression</c>.</summary>
    public string? Type { get; init; }

    public string? Name { get; init; }

    public string? Value { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A backend of a rule: a Service (group "" and kind Service by default) and its share of the rule's traffic.</summary>
public sealed record HttpBackendRef
{
    public string? Group { get; init; }

    public string? Kind { get; init; }

    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public int? Port { get; init; }

    /// <summary>The backend's share, relative to the sum of the rule's weights; 1 when left out.</summary>
    public int? Weight { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record HttpRouteStatus
{
    public IReadOnlyList<RouteParentStatus>? Parents { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>What one parent (a Gateway) says of the route: its conditions, Accepted first of all.</summary>
public sealed record RouteParentStatus
{
    public JsonElement? ParentRef { get; init; }

    public string? ControllerName { get; init; }

    public IReadOnlyList<ResourceCondition>? Conditions { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A metav1.Condition: type, True/False/Unknown, the generation it was written for, and why.</summary>
public sealed record ResourceCondition
{
    public string? Type { get; init; }

    public string? Status { get; init; }

    public long? ObservedGeneration { get; init; }

    public string? LastTransitionTime { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
