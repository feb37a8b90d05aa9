namespace Rollouts.Kubernetes.Runtime;

/// <summary>
/// How a <see cref="WorkQueue{TKey}"/> spaces out retries. A failed key waits
/// <see cref="BaseDelay"/>, then twice that after each further failure, up to <see cref="MaxDelay"/>;
/// all retries together are also held to <see cref="Qps"/> with bursts of <see cref="Burst"/>.
/// A retry waits the longer of the two.
/// </summary>
public sealed record WorkQueueOptions
{
    /// <summary>The first retry's delay for a key. Default 5 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The longest a key waits between retries. Default 10 s: a long cap leaves a key that failed a
    /// few times (a conflict, a slow API server) stalled long after the cause is gone.
    /// </summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries per second across all keys once the burst is spent. Default 10.</summary>
    public double Qps { get; init; } = 10;

    /// <summary>Retries allowed at once before <see cref="Qps"/> applies. Default 100.</summary>
    public int Burst { get; init; } = 100;

    /// <summary>Throws, naming the field and its value, when the options cannot work.</summary>
    public void Validate()
    {
        if (BaseDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(BaseDelay), BaseDelay, $"WorkQueueOptions.{nameof(BaseDelay)} must be greater than zero.");
        }

        if (MaxDelay < BaseDelay)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxDelay), MaxDelay,
                $"WorkQueueOptions.{nameof(MaxDelay)} must be at least {nameof(BaseDelay)} ({BaseDelay}).");
        }

        if (!(Qps > 0) || double.IsInfinity(Qps))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Qps), Qps, $"WorkQueueOptions.{nameof(Qps)} must be a finite number greater than zero.");
        }

        if (Burst <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Burst), Burst, $"WorkQueueOptions.{nameof(Burst)} must be greater than zero.");
        }
    }
}
