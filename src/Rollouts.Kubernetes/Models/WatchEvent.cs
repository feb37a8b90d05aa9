using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Models;

/// <summary>One change seen by a watch.</summary>
public sealed record WatchEvent<T>
    where T : class
{
    public required WatchEventType Type { get; init; }

    /// <summary>
    /// The object after the change; for <see cref="WatchEventType.Deleted"/> its last state; for
    /// <see cref="WatchEventType.Bookmark"/> only kind, apiVersion and metadata.resourceVersion.
    /// </summary>
    public required T Object { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<WatchEventType>))]
public enum WatchEventType
{
    [JsonStringEnumMemberName("ADDED")]
    Added,

    [JsonStringEnumMemberName("MODIFIED")]
    Modified,

    [JsonStringEnumMemberName("DELETED")]
    Deleted,

    /// <summary>No change: the server tells the watcher how far it has come (metadata.resourceVersion).</summary>
    [JsonStringEnumMemberName("BOOKMARK")]
    Bookmark,

    /// <summary>
    /// The watch failed; the object is a <see cref="Status"/>. The client never yields this type:
    /// it throws the matching <c>KubernetesApiException</c> instead (<c>GoneException</c> for 410).
    /// </summary>
    [JsonStringEnumMemberName("ERROR")]
    Error,
}
