namespace Rollouts.Sandbox.ApiServer.Faults;

/// <summary>
/// A fault the server injects into matching requests: added latency, and errors at a rate with a chosen
/// code. Verb and Resource (the plural, e.g. "replicasets") are null to match any.
/// </summary>
public sealed record FaultRule
{
    public string? Verb { get; init; }
    public string? Resource { get; init; }
    public TimeSpan Latency { get; init; }
    /// <summary>Share of matching requests that fail, 0..1.</summary>
    public double ErrorRate { get; init; }
    /// <summary>500, 503, 429 (with Retry-After), 409 or any other code.</summary>
    public int ErrorCode { get; init; } = 500;
    public int? RetryAfterSeconds { get; init; }
    /// <summary>How many requests the rule may still fail; null for no limit.</summary>
    public int? Times { get; init; }

    public bool Matches(string verb, string resource) =>
        (Verb is null || Verb == verb) && (Resource is null || Resource == resource);
}

/// <summary>Watch streams of a resource (null: any) cut after so many events or so long.</summary>
public sealed record WatchFault
{
    public string? Resource { get; init; }
    public int? AfterEvents { get; init; }
    public TimeSpan? AfterDuration { get; init; }

    public bool Matches(string resource) => Resource is null || Resource == resource;
}
