namespace Rollouts.Kubernetes.Runtime.LeaderElection;

/// <summary>
/// Which Lease the candidates compete for and how they time it. Defaults are the usual ones: a lease of
/// 15 s, renewed every 2 s, given up when no renew succeeded for 10 s. Every candidate of one lease
/// should use the same values.
/// </summary>
public sealed record LeaderElectionOptions
{
    /// <summary>Namespace of the coordination.k8s.io/v1 Lease.</summary>
    public required string Namespace { get; init; }

    /// <summary>Name of the Lease, e.g. <c>rollouts-operator</c>.</summary>
    public required string LeaseName { get; init; }

    /// <summary>This candidate's name in <c>spec.holderIdentity</c>; unique per process. Default: machine name and a random suffix.</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}_{Guid.NewGuid():N}";

    /// <summary>How long others wait, after they last saw the lease change, before they take it. Default 15 s.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the leader keeps leading without a successful renew; then it stops at once. Shorter than
    /// <see cref="LeaseDuration"/>, so the old leader stops before anyone else may start. Default 10 s.
    /// </summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the leader renews and a candidate tries to acquire. Default 2 s.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A candidate waits <see cref="RetryPeriod"/> plus up to this share of it more, at random. Default 1.2.</summary>
    public double JitterFactor { get; init; } = 1.2;

    /// <summary>On shutdown the leader clears <c>holderIdentity</c>, so that a standby takes over at once. Default true.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>The lease duration as written in <c>spec.leaseDurationSeconds</c> (whole seconds, rounded up).</summary>
    internal int LeaseDurationSeconds => (int)Math.Ceiling(LeaseDuration.TotalSeconds);

    /// <summary>Throws, naming the field and its value, when the options cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Namespace))
        {
            throw new ArgumentException($"LeaderElectionOptions.{nameof(Namespace)} must name the namespace of the Lease.", nameof(Namespace));
        }

        if (string.IsNullOrWhiteSpace(LeaseName))
        {
            throw new ArgumentException($"LeaderElectionOptions.{nameof(LeaseName)} must name the Lease.", nameof(LeaseName));
        }

        if (string.IsNullOrWhiteSpace(Identity))
        {
            throw new ArgumentException($"LeaderElectionOptions.{nameof(Identity)} must not be empty: it names the holder of the Lease.", nameof(Identity));
        }

        if (RetryPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryPeriod), RetryPeriod, $"LeaderElectionOptions.{nameof(RetryPeriod)} must be greater than zero.");
        }

        if (!(JitterFactor >= 0) || double.IsInfinity(JitterFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(JitterFactor), JitterFactor, $"LeaderElectionOptions.{nameof(JitterFactor)} must be a finite number, zero or more.");
        }

        var slowestRetry = RetryPeriod * Math.Max(1, JitterFactor);
        if (RenewDeadline <= slowestRetry)
        {
            throw new ArgumentOutOfRangeException(
                nameof(RenewDeadline), RenewDeadline,
                $"LeaderElectionOptions.{nameof(RenewDeadline)} must be longer than {nameof(RetryPeriod)} times max(1, {nameof(JitterFactor)}) ({slowestRetry}).");
        }

        if (LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentOutOfRangeException(
                nameof(LeaseDuration), LeaseDuration,
                $"LeaderElectionOptions.{nameof(LeaseDuration)} must be longer than {nameof(RenewDeadline)} ({RenewDeadline}), or a new leader could start before the old one stops.");
        }
    }
}
