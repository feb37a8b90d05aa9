namespace Rollouts.Kubernetes.Client;

/// <summary>Body of a delete call.</summary>
public sealed record DeleteOptions
{
    /// <summary>What happens to dependents (objects whose ownerReferences point here). Server default: Background.</summary>
    public PropagationPolicy? PropagationPolicy { get; init; }

    /// <summary>Delete only if the object still has this uid and/or resourceVersion; otherwise <see cref="ConflictException"/>.</summary>
    public Preconditions? Preconditions { get; init; }

    public long? GracePeriodSeconds { get; init; }

    public bool DryRun { get; init; }
}

public sealed record Preconditions
{
    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }
}

public enum PropagationPolicy
{
    /// <summary>Delete the object now; the garbage collector deletes dependents afterwards.</summary>
    Background,

    /// <summary>The object stays (with a deletionTimestamp) until its blocking dependents are gone.</summary>
    Foreground,

    /// <summary>Leave dependents in place, without the owner reference.</summary>
    Orphan,
}
