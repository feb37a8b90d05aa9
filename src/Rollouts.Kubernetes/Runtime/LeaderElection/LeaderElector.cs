using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Runtime.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, so that of several operator replicas one acts
/// and the others stand by. Run it with <see cref="RunAsync"/>; it competes for the lease, leads
/// while it renews in time, and competes again after it lost the lease.
/// </summary>
/// <remarks>
/// <para>
/// A candidate takes the lease when it is missing, has no holder, or has not changed for its duration
/// as measured by the candidate's own clock (so machines' clocks need not agree). A standby watches the
/// lease, so it sees each renewal as it is written, and tries at the moment the lease expires (or at
/// once when it is released) rather than on its next periodic read. Every write is
/// conditioned on the resourceVersion read; a Conflict means someone else wrote, and the lease is read
/// again. A takeover counts one more <c>leaseTransitions</c>.
/// </para>
/// <para>
/// The leader renews every <see cref="LeaderElectionOptions.RetryPeriod"/>. When no renew succeeded
/// within <see cref="LeaderElectionOptions.RenewDeadline"/> of when it was sent, or the lease names
/// another holder, leadership ends: <see cref="LeadingToken"/> is cancelled at that moment, before
/// anything else, so controllers stop writing; since the renew deadline is shorter than the lease
/// duration, that happens before another candidate may start. On shutdown the leader clears the
/// holder, so a standby takes over at once.
/// </para>
/// </remarks>
public sealed class LeaderElector
{
    private static readonly CancellationToken NotLeading = new(canceled: true);

    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IResourceClient<Lease> _leases;
    private readonly LeaseLock _lease;
    private LeadershipTerm? _term;
    private int _running;

    public LeaderElector(IResourceClient<Lease> leases, LeaderElectionOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _leases = leases;
        _lease = new LeaseLock(leases, options, _time, _logger, OnHolderChanged);
    }

    /// <summary>Raised on the election loop when this candidate starts leading; the arguments carry the leading token.</summary>
    public event EventHandler<LeadershipEventArgs>? StartedLeading;

    /// <summary>Raised on the election loop after leadership ended (the leading token is already cancelled).</summary>
    public event EventHandler? StoppedLeading;

    /// <summary>Raised when the lease names a different holder than before.</summary>
    public event EventHandler<LeaderChangedEventArgs>? LeaderChanged;

    public string Identity => _options.Identity;

    /// <summary>True while this candidate leads; false from the moment leadership ends.</summary>
    public bool IsLeader => Volatile.Read(ref _term) is { IsLost: false };

    /// <summary>
    /// Cancelled the moment leadership ends; already cancelled when not leading. Pass it to every write a
    /// leader makes.
    /// </summary>
    public CancellationToken LeadingToken => Volatile.Read(ref _term) is { IsLost: false } term ? term.Token : NotLeading;

    /// <summary>The holder named in the lease when this candidate last read or wrote it; null when none.</summary>
    public string? Leader => _lease.ObservedHolder;

    /// <summary>The renewTime of the lease as this candidate last saw it; for tests that wait until a write was seen.</summary>
    internal DateTimeOffset? ObservedRenewTime => _lease.ObservedRenewTime;

    /// <summary>Competes, leads and competes again until <paramref name="cancellationToken"/> is cancelled; then releases the lease if held and returns.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException($"The leader elector of {_options.Identity} is already running.");
        }

        try
        {
            while (await AcquireAsync(cancellationToken).ConfigureAwait(false))
            {
                await LeadAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>
    /// Tries until the lease is held, then starts a term; false when cancelled first. Between tries it watches the
    /// lease: it tries again at once when the lease is released or deleted, at the moment the lease it last saw
    /// change expires by its own clock, and otherwise every retry period (with jitter), the read that keeps it right
    /// when the watch is down.
    /// </summary>
    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        LeaseWatch? watch = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var sentAt = _time.GetTimestamp();
                LeaseOutcome outcome;
                try
                {
                    outcome = await _lease.TryAcquireOrRenewAsync(leading: false, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return false;
                }

                if (outcome == LeaseOutcome.Held)
                {
                    if (_options.RenewDeadline - _time.GetElapsedTime(sentAt) > TimeSpan.Zero)
                    {
                        StartTerm(sentAt);
                        return true;
                    }

                    LeaderElectionLog.AcquiredTooLate(_logger, Identity, _lease.Description);
                }

                watch ??= new LeaseWatch(_leases, _options, _time, cancellationToken);
                var jitter = _options.RetryPeriod * (Random.Shared.NextDouble() * _options.JitterFactor);
                if (!await WaitForTurnAsync(watch, _options.RetryPeriod + jitter, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }

            return false;
        }
        finally
        {
            if (watch is not null)
            {
                await watch.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits until the next try: <paramref name="poll"/> from now, or earlier when the lease held by another expires
    /// (by this candidate's clock, from when it saw the lease last change) or the watch sees it released or deleted.
    /// False when cancelled.
    /// </summary>
    private async Task<bool> WaitForTurnAsync(LeaseWatch watch, TimeSpan poll, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            var wait = poll - _time.GetElapsedTime(started);

            // A lease that expired already while the try failed is tried again on the poll, not at once, so that
            // failing requests are not repeated in a loop.
            if (_lease.UntilExpiry() is { } expiry && expiry > TimeSpan.Zero && expiry < wait)
            {
                wait = expiry;
            }

            if (wait <= TimeSpan.Zero)
            {
                return true;
            }

            using var woken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(wait, _time, woken.Token);
            var seen = watch.Seen.WaitToReadAsync(woken.Token).AsTask();
            var first = await Task.WhenAny(delay, seen).ConfigureAwait(false);
            await woken.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(delay, seen).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            if (first == delay)
            {
                return true;
            }

            var free = false;
            while (watch.Seen.TryRead(out var change))
            {
                free |= _lease.ObserveWatched(change.Lease, change.ReceivedAt);
            }

            if (free)
            {
                return true;
            }
        }
    }

    private void StartTerm(long sentAt)
    {
        var term = new LeadershipTerm(_time, _options.RenewDeadline, OnTermLost);
        Volatile.Write(ref _term, term);
        term.Renewed(sentAt);
        LeaderElectionLog.StartedLeading(_logger, Identity, _lease.Description);
        Raise(() => StartedLeading?.Invoke(this, new LeadershipEventArgs(term.Token)), nameof(StartedLeading));
    }

    /// <summary>Renews until the term ends or shutdown; then releases (on shutdown) and reports the end.</summary>
    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        var term = Volatile.Read(ref _term)!;
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, term.Token);
        try
        {
            while (true)
            {
                await Task.Delay(_options.RetryPeriod, _time, leading.Token).ConfigureAwait(false);
                var sentAt = _time.GetTimestamp();
                switch (await _lease.TryAcquireOrRenewAsync(leading: true, leading.Token).ConfigureAwait(false))
                {
                    case LeaseOutcome.Held:
                        term.Renewed(sentAt);
                        break;
                    case LeaseOutcome.HeldByOther:
                        term.Lose("the lease names another holder");
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
            // The term ended or the elector is shutting down.
        }

        var release = !term.IsLost && _options.ReleaseOnCancel;
        term.Lose("shutting down");
        if (release)
        {
            using var deadline = new CancellationTokenSource(_options.RenewDeadline, _time);
            await _lease.ReleaseAsync(deadline.Token).ConfigureAwait(false);
        }

        _lease.Forget();
        Raise(() => StoppedLeading?.Invoke(this, EventArgs.Empty), nameof(StoppedLeading));
        term.Dispose();
    }

    private void OnTermLost(string reason, Exception? callbackFailure)
    {
        LeaderElectionLog.StoppedLeading(_logger, Identity, _lease.Description, reason);
        if (callbackFailure is not null)
        {
            LeaderElectionLog.CallbackFailed(_logger, callbackFailure, Identity, "leading token");
        }
    }

    private void OnHolderChanged(string? holder)
    {
        LeaderElectionLog.LeaderChanged(_logger, _lease.Description, holder);
        Raise(() => LeaderChanged?.Invoke(this, new LeaderChangedEventArgs(holder)), nameof(LeaderChanged));
    }

    private void Raise(Action raise, string callback)
    {
        try
        {
            raise();
        }
        catch (Exception e)
        {
            LeaderElectionLog.CallbackFailed(_logger, e, Identity, callback);
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
