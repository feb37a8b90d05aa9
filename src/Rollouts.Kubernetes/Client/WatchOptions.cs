namespace Rollouts.Kubernetes.Client;

/// <summary>Query of a watch call.</summary>
public sealed record WatchOptions
{
    /// <summary>
    /// Changes after this version are sent. Unset or "0": the server first sends every current
    /// object as ADDED. Too old: the watch fails with <see cref="GoneException"/>.
    /// </summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Ask for periodic BOOKMARK events that carry the latest resourceVersion.</summary>
    public bool AllowWatchBookmarks { get; init; }

    /// <summary>The server ends the watch after this long; the stream then completes normally.</summary>
    public int? TimeoutSeconds { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }
}
