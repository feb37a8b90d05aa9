namespace Rollouts.Kubernetes.Runtime.Informers;

/// <summary>What an informer watches and how it recovers.</summary>
public sealed record InformerOptions
{
    /// <summary>The namespace to watch; null for all namespaces (and for cluster-scoped resources).</summary>
    public string? Namespace { get; init; }

    /// <summary>Only objects with these labels, e.g. <c>app.kubernetes.io/managed-by=rollouts</c>.</summary>
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Objects per list page. Default 500; null lists in one request.</summary>
    public int? PageSize { get; init; } = 500;

    /// <summary>
    /// How often every cached object is handed to the handlers again as an update with old and new
    /// the same, so that controllers look at everything now and then. Null (the default) turns it off.
    /// </summary>
    public TimeSpan? ResyncPeriod { get; init; }

    /// <summary>
    /// How long the server keeps one watch open; each watch asks for between this and twice this, so
    /// that many informers do not reconnect at once. Default 5 minutes.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait after the first failure in a row; it doubles with each further one. Default 800 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest wait between attempts. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws, naming the field and its value, when the options cannot work.</summary>
    public void Validate()
    {
        if (PageSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, $"InformerOptions.{nameof(PageSize)} must be greater than zero, or null to list in one request.");
        }

        if (ResyncPeriod is { } resync && resync <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ResyncPeriod), resync, $"InformerOptions.{nameof(ResyncPeriod)} must be greater than zero, or null to turn resync off.");
        }

        if (WatchTimeout < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(WatchTimeout), WatchTimeout, $"InformerOptions.{nameof(WatchTimeout)} must be at least one second.");
        }

        if (InitialBackoff <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialBackoff), InitialBackoff, $"InformerOptions.{nameof(InitialBackoff)} must be greater than zero.");
        }

        if (MaxBackoff < InitialBackoff)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBackoff), MaxBackoff, $"InformerOptions.{nameof(MaxBackoff)} must be at least {nameof(InitialBackoff)} ({InitialBackoff}).");
        }
    }
}
