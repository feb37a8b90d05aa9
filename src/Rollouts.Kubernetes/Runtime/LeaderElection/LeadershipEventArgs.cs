namespace Rollouts.Kubernetes.Runtime.LeaderElection;

/// <summary>Sent when this candidate starts leading; <see cref="LeadingToken"/> is cancelled the moment it stops.</summary>
public sealed class LeadershipEventArgs(CancellationToken leadingToken) : EventArgs
{
    public CancellationToken LeadingToken { get; } = leadingToken;
}

/// <summary>Sent when the holder named in the Lease changes (null: nobody holds it).</summary>
public sealed class LeaderChangedEventArgs(string? leader) : EventArgs
{
    public string? Leader { get; } = leader;
}
