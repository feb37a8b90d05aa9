using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Rollouts.Kubernetes.Models;

/// <summary>A core/v1 Event: something that happened to <see cref="InvolvedObject"/>, as <c>kubectl describe</c> shows it.</summary>
public sealed record Event : IKubernetesObject<Event>
{
    public static ApiResource Resource { get; } = new("", "v1", "events", "Event", namespaced: true);

    public static JsonTypeInfo<Event> JsonTypeInfo => KubernetesJsonContext.Default.Event;

    public string ApiVersion { get => field ?? "v1"; init; }

    public string Kind { get => field ?? "Event"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    public ObjectReference? InvolvedObject { get; init; }

    /// <summary>Short CamelCase cause, e.g. <c>RolloutPaused</c>.</summary>
    public string? Reason { get; init; }

    public string? Message { get; init; }

    /// <summary><c>Normal</c> or <c>Warning</c>.</summary>
    public string? Type { get; init; }

    /// <summary>How many times this event was seen; a recorder bumps it instead of writing duplicates.</summary>
    public int? Count { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? FirstTimestamp { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? LastTimestamp { get; init; }

    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset? EventTime { get; init; }

    public EventSource? Source { get; init; }

    public string? ReportingComponent { get; init; }

    public string? ReportingInstance { get; init; }

    public string? Action { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>Points at an object by kind, namespace and name (and uid when known).</summary>
public sealed record ObjectReference
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }

    public string? FieldPath { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>The component (and host) that reported an <see cref="Event"/>.</summary>
public sealed record EventSource
{
    public string? Component { get; init; }

    public string? Host { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
