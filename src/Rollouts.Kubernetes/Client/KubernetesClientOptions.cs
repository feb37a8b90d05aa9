using System.Diagnostics.Metrics;

namespace Rollouts.Kubernetes.Client;

/// <summary>How <see cref="KubernetesApiClient"/> paces, times out, retries and measures its requests.</summary>
public sealed record KubernetesClientOptions
{
    /// <summary>Sustained requests per second allowed by the client-side limiter. Default 50.</summary>
    public double Qps { get; init; } = 50;

    /// <summary>Requests allowed in a burst above <see cref="Qps"/>. Default 100.</summary>
    public int Burst { get; init; } = 100;

    /// <summary>
    /// Time allowed for one attempt of a request, response body included. Default 30 s;
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables it. Watches have no client-side timeout.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public RetryPolicy Retry { get; init; } = new();

    /// <summary>Clock for the limiter, timeouts and backoff delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Creates the client's meter (see <see cref="KubernetesClientMetrics"/>); a private meter when null.</summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>
    /// Sends the requests instead of a handler built from the connection's TLS settings; the client
    /// does not dispose it. Tests pass an in-memory handler here.
    /// </summary>
    public HttpMessageHandler? Handler { get; init; }

    public string UserAgent { get; init; } = "rollouts";
}

/// <summary>
/// Retries of transient failures: 429, 5xx, timeouts and broken connections for reads (get, list,
/// opening a watch); for writes only when the server provably did not apply them (429, or no
/// connection could be made). The wait doubles from <see cref="InitialDelay"/> up to
/// <see cref="MaxDelay"/>; a Retry-After from the server replaces it (capped at <see cref="MaxRetryAfter"/>).
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Retries after the first attempt. Default 4; 0 disables retries.</summary>
    public int MaxRetries { get; init; } = 4;

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait before retry number <paramref name="retry"/> (0-based).</summary>
    public TimeSpan DelayBefore(int retry, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked)
        {
            return asked < TimeSpan.Zero ? TimeSpan.Zero : asked > MaxRetryAfter ? MaxRetryAfter : asked;
        }

        var delay = InitialDelay * Math.Pow(2, Math.Min(retry, 30));
        return delay > MaxDelay ? MaxDelay : delay;
    }
}
