namespace Rollouts.Kubernetes.Flow;

/// <summary>
/// A token bucket: <c>qps</c> tokens per second refill a bucket that holds at most <c>burst</c>.
/// Used for client-side request limiting and for the work queue's overall rate. Time comes from
/// a <see cref="TimeProvider"/> so tests move the clock instead of sleeping.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly double _qps;
    private readonly int _burst;
    private double _tokens;
    private long _lastRefill;

    public TokenBucket(double qps, int burst, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _time = time ?? TimeProvider.System;
        _qps = qps;
        _burst = burst;
        _tokens = burst;
        _lastRefill = _time.GetTimestamp();
    }

    public double Qps => _qps;
    public int Burst => _burst;

    /// <summary>
    /// Takes one token and returns how long the caller must wait before acting: zero when a token was
    /// available, otherwise the time until the reserved token refills. Callers that reserve and then
    /// give up still consume the token, as client-go's limiter does.
    /// </summary>
    public TimeSpan Reserve()
    {
        lock (_gate)
        {
            Refill();
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _qps);
        }
    }

    /// <summary>Takes a token only if one is available now.</summary>
    public bool TryTake()
    {
        lock (_gate)
        {
            Refill();
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }

    /// <summary>Waits until a token is available and takes it.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var delay = Reserve();
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_lastRefill, now).TotalSeconds;
        _lastRefill = now;
        _tokens = Math.Min(_burst, _tokens + (elapsed * _qps));
    }
}
