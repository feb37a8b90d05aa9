using Microsoft.Extensions.Logging;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Runtime.LeaderElection;

/// <summary>What one attempt on the lease found.</summary>
internal enum LeaseOutcome
{
    /// <summary>This candidate holds the lease now: it acquired or renewed it.</summary>
    Held,

    /// <summary>Another candidate holds the lease and it has not expired.</summary>
    HeldByOther,

    /// <summary>The attempt failed (error, or a concurrent write won); nothing is known.</summary>
    Failed,
}

/// <summary>
/// One candidate's view of the Lease: reads it, writes it only conditioned on the resourceVersion it
/// read, and remembers when it last saw the lease record change. Another holder's lease counts as
/// expired once it has not changed for its duration by this candidate's own clock, whatever its
/// renewTime says, so clocks of different machines need not agree. Not thread-safe: the elector's
/// loop alone calls it.
/// </summary>
internal sealed class LeaseLock(
    IResourceClient<Lease> leases,
    LeaderElectionOptions options,
    TimeProvider time,
    ILogger logger,
    Action<string?> holderChanged)
{
    private LeaseSpec? _observed;
    private long _observedAt;
    private Lease? _held;

    public string Description { get; } = $"{options.Namespace}/{options.LeaseName}";

    /// <summary>The holder named in the lease when this candidate last read or wrote it.</summary>
    public string? ObservedHolder => NonEmpty(Volatile.Read(ref _observed)?.HolderIdentity);

    /// <summary>
    /// Acquires the lease when it is missing, free, expired or already this candidate's; renews it
    /// when held. A leader first renews blindly from its last write, and reads again only when that
    /// write conflicts with someone else's.
    /// </summary>
    public async Task<LeaseOutcome> TryAcquireOrRenewAsync(bool leading, CancellationToken cancellationToken)
    {
        try
        {
            if (leading && _held is { } held)
            {
                try
                {
                    return Wrote(await leases.ReplaceAsync(Renewed(held, held.Spec ?? new()), null, cancellationToken).ConfigureAwait(false));
                }
                catch (ConflictException)
                {
                    // Someone else wrote the lease: read it again below.
                }
            }

            var current = await leases.GetOrDefaultAsync(options.Namespace, options.LeaseName, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return await CreateAsync(cancellationToken).ConfigureAwait(false);
            }

            Observe(current);
            var spec = current.Spec ?? new();
            var holder = NonEmpty(spec.HolderIdentity);
            if (holder is not null && holder != options.Identity && !ObservedExpired(spec))
            {
                _held = null;
                return LeaseOutcome.HeldByOther;
            }

            return Wrote(await leases.ReplaceAsync(Renewed(current, spec), null, cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            LeaderElectionLog.AttemptFailed(logger, e, options.Identity, Description);
            return LeaseOutcome.Failed;
        }
    }

    /// <summary>Clears the holder of a lease this candidate still holds, so that a standby may take it at once.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (_held is not { } held)
        {
            return;
        }

        _held = null;
        try
        {
            try
            {
                Observe(await leases.ReplaceAsync(Released(held), null, cancellationToken).ConfigureAwait(false));
            }
            catch (ConflictException)
            {
                var current = await leases.GetOrDefaultAsync(options.Namespace, options.LeaseName, cancellationToken).ConfigureAwait(false);
                if (current?.Spec?.HolderIdentity != options.Identity)
                {
                    return;
                }

                Observe(await leases.ReplaceAsync(Released(current), null, cancellationToken).ConfigureAwait(false));
            }

            LeaderElectionLog.Released(logger, options.Identity, Description);
        }
        catch (Exception e)
        {
            LeaderElectionLog.ReleaseFailed(logger, e, options.Identity, Description);
        }
    }

    /// <summary>
    /// Notes a version of the lease seen on the watch, received at <paramref name="receivedAt"/>; null when it was
    /// deleted. True when it leaves the lease free to take now: deleted or released.
    /// </summary>
    public bool ObserveWatched(Lease? lease, long receivedAt)
    {
        if (lease is null)
        {
            return true;
        }

        Observe(lease, receivedAt);
        return NonEmpty(lease.Spec?.HolderIdentity) is null;
    }

    /// <summary>
    /// How long until the lease last seen held by another may be taken: its duration after this candidate saw it
    /// last change, by this candidate's clock. Null when no other holder was seen.
    /// </summary>
    public TimeSpan? UntilExpiry()
    {
        var spec = Volatile.Read(ref _observed);
        if (NonEmpty(spec?.HolderIdentity) is not { } holder || holder == options.Identity)
        {
            return null;
        }

        return Duration(spec!) - time.GetElapsedTime(_observedAt);
    }

    /// <summary>The renewTime of the lease as last seen; for tests that wait until a write was seen.</summary>
    internal DateTimeOffset? ObservedRenewTime => Volatile.Read(ref _observed)?.RenewTime;

    /// <summary>Forgets the last write, after leadership was lost: the next attempt reads the lease first.</summary>
    public void Forget() => _held = null;

    private async Task<LeaseOutcome> CreateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lease = new Lease
        {
            Metadata = new ObjectMeta { Name = options.LeaseName, Namespace = options.Namespace },
            Spec = new LeaseSpec
            {
                HolderIdentity = options.Identity,
                LeaseDurationSeconds = options.LeaseDurationSeconds,
                AcquireTime = now,
                RenewTime = now,
                LeaseTransitions = 0,
            },
        };
        try
        {
            return Wrote(await leases.CreateAsync(lease, null, cancellationToken).ConfigureAwait(false));
        }
        catch (AlreadyExistsException)
        {
            return LeaseOutcome.Failed;
        }
    }

    /// <summary>The lease with this candidate as holder: a renew keeps acquireTime and transitions, a takeover counts one more.</summary>
    private Lease Renewed(Lease lease, LeaseSpec spec)
    {
        var now = time.GetUtcNow();
        var mine = spec.HolderIdentity == options.Identity;
        return lease with
        {
            Spec = spec with
            {
                HolderIdentity = options.Identity,
                LeaseDurationSeconds = options.LeaseDurationSeconds,
                RenewTime = now,
                AcquireTime = mine ? spec.AcquireTime ?? now : now,
                LeaseTransitions = mine ? spec.LeaseTransitions ?? 0 : (spec.LeaseTransitions ?? 0) + 1,
            },
        };
    }

    private Lease Released(Lease lease)
    {
        var now = time.GetUtcNow();
        var spec = lease.Spec ?? new();
        return lease with { Spec = spec with { HolderIdentity = null, LeaseDurationSeconds = 1, AcquireTime = now, RenewTime = now } };
    }

    private LeaseOutcome Wrote(Lease lease)
    {
        _held = lease;
        Observe(lease);
        return LeaseOutcome.Held;
    }

    /// <summary>Notes the lease record; when it differs from the last one seen, the expiry clock starts again.</summary>
    private void Observe(Lease lease) => Observe(lease, time.GetTimestamp());

    private void Observe(Lease lease, long at)
    {
        var spec = lease.Spec ?? new();
        var previous = _observed;
        if (previous is not null && SameRecord(previous, spec))
        {
            return;
        }

        _observedAt = at;
        Volatile.Write(ref _observed, spec);
        if (NonEmpty(previous?.HolderIdentity) != NonEmpty(spec.HolderIdentity) || previous is null)
        {
            holderChanged(NonEmpty(spec.HolderIdentity));
        }
    }

    private bool ObservedExpired(LeaseSpec spec) => time.GetElapsedTime(_observedAt) >= Duration(spec);

    private TimeSpan Duration(LeaseSpec spec) =>
        spec.LeaseDurationSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : options.LeaseDuration;

    private static bool SameRecord(LeaseSpec a, LeaseSpec b) =>
        NonEmpty(a.HolderIdentity) == NonEmpty(b.HolderIdentity)
        && a.RenewTime == b.RenewTime
        && a.AcquireTime == b.AcquireTime
        && a.LeaseTransitions == b.LeaseTransitions
        && a.LeaseDurationSeconds == b.LeaseDurationSeconds;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
