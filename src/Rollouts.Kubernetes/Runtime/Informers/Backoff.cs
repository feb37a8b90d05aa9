namespace Rollouts.Kubernetes.Runtime.Informers;

/// <summary>
/// Waits that double after each failure in a row, from <c>initial</c> up to <c>max</c>, until a success
/// resets them. A server's Retry-After lengthens a wait but never past <c>max</c>. Not thread-safe.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private int _failures;

    public TimeSpan Next(TimeSpan? retryAfter = null)
    {
        var delay = initial * Math.Pow(2, Math.Min(_failures, 30));
        if (delay > max)
        {
            delay = max;
        }

        _failures++;
        return retryAfter is { } asked && asked > delay ? (asked < max ? asked : max) : delay;
    }

    public void Reset() => _failures = 0;
}
