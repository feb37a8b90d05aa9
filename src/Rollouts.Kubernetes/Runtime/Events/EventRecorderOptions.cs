namespace Rollouts.Kubernetes.Runtime.Events;

/// <summary>Who reports events and how many an <see cref="EventRecorder"/> may hold.</summary>
public sealed record EventRecorderOptions
{
    /// <summary>The reporting component, written to <c>source.component</c> and <c>reportingComponent</c>, e.g. <c>rollouts-operator</c>.</summary>
    public required string Component { get; init; }

    /// <summary>The reporting instance, written to <c>source.host</c> and <c>reportingInstance</c>. Default: the machine name.</summary>
    public string Host { get; init; } = Environment.MachineName;

    /// <summary>
    /// The same event (object, type, reason and message) seen again within this time of its last
    /// occurrence counts up the existing Event instead of writing a new one. Default 10 minutes.
    /// </summary>
    public TimeSpan AggregationWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Events waiting to be written; more are dropped (and counted). Default 1000.</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>Distinct events remembered for counting up; the least recently seen is forgotten first. Default 4096.</summary>
    public int CacheCapacity { get; init; } = 4096;

    /// <summary>Longer messages are cut to this many characters. Default 1024.</summary>
    public int MaxMessageLength { get; init; } = 1024;

    /// <summary>How long disposing waits for queued events to be written. Default 5 s.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws, naming the field and its value, when the options cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Component))
        {
            throw new ArgumentException($"EventRecorderOptions.{nameof(Component)} must name the reporting component.", nameof(Component));
        }

        if (AggregationWindow < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AggregationWindow), AggregationWindow, $"EventRecorderOptions.{nameof(AggregationWindow)} must not be negative.");
        }

        if (QueueCapacity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, $"EventRecorderOptions.{nameof(QueueCapacity)} must be greater than zero.");
        }

        if (CacheCapacity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CacheCapacity), CacheCapacity, $"EventRecorderOptions.{nameof(CacheCapacity)} must be greater than zero.");
        }

        if (MaxMessageLength <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageLength), MaxMessageLength, $"EventRecorderOptions.{nameof(MaxMessageLength)} must be greater than zero.");
        }

        if (DrainTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DrainTimeout), DrainTimeout, $"EventRecorderOptions.{nameof(DrainTimeout)} must not be negative.");
        }
    }
}
