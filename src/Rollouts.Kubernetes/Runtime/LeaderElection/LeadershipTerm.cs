namespace Rollouts.Kubernetes.Runtime.LeaderElection;

/// <summary>
/// One stretch of leadership: a token that is cancelled the moment it ends, and a timer that ends it
/// when no renew succeeded within the renew deadline, even while a renew request still hangs.
/// </summary>
internal sealed class LeadershipTerm : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _leading = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _renewDeadline;
    private readonly Action<string, Exception?> _lost;
    private readonly ITimer _deadline;
    private volatile bool _isLost;

    /// <param name="lost">Told why the term ended, and of any failure of the token's callbacks.</param>
    public LeadershipTerm(TimeProvider time, TimeSpan renewDeadline, Action<string, Exception?> lost)
    {
        _time = time;
        _renewDeadline = renewDeadline;
        _lost = lost;
        Token = _leading.Token;
        _deadline = time.CreateTimer(
            static state => ((LeadershipTerm)state!).Lose("no renew succeeded within the renew deadline"),
            this,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled the moment the term ends.</summary>
    public CancellationToken Token { get; }

    public bool IsLost => _isLost;

    /// <summary>
    /// Sets the deadline to the renew deadline after <paramref name="sentAt"/>, the time the request
    /// that acquired or renewed the lease was sent.
    /// </summary>
    public void Renewed(long sentAt)
    {
        var remaining = Remaining(sentAt);
        if (remaining <= TimeSpan.Zero)
        {
            Lose("the renew succeeded only after the renew deadline");
            return;
        }

        lock (_gate)
        {
            if (!_isLost)
            {
                _deadline.Change(remaining, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Ends the term, if it has not ended: cancels the token first, then reports why.</summary>
    public void Lose(string reason)
    {
        lock (_gate)
        {
            if (_isLost)
            {
                return;
            }

            _isLost = true;
            _deadline.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        Exception? failure = null;
        try
        {
            _leading.Cancel();
        }
        catch (AggregateException e)
        {
            failure = e;
        }

        _lost(reason, failure);
    }

    public void Dispose()
    {
        _deadline.Dispose();
        _leading.Dispose();
    }

    private TimeSpan Remaining(long sentAt) => _renewDeadline - _time.GetElapsedTime(sentAt);
}
