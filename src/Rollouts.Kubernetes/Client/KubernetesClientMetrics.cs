using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Rollouts.Kubernetes.Client;

/// <summary>
/// Names of what <see cref="KubernetesApiClient"/> measures. Every HTTP attempt (retries included)
/// adds one to <see cref="Requests"/> and its duration to <see cref="RequestDuration"/>, tagged with
/// <c>verb</c> (get, list, watch, create, update, patch, delete), <c>resource</c> (plural, with
/// <c>/status</c> or <c>/scale</c> for subresources) and <c>code</c> (HTTP status, or <c>&lt;error&gt;</c>
/// when no response came).
/// </summary>
public static class KubernetesClientMetrics
{
    public const string MeterName = "Rollouts.Kubernetes.Client";

    /// <summary>Counter of requests.</summary>
    public const string Requests = "rollouts.kubernetes.client.requests";

    /// <summary>Histogram of request duration in seconds (for a watch: until the response headers).</summary>
    public const string RequestDuration = "rollouts.kubernetes.client.request.duration";

    internal const string NoResponse = "<error>";
}

/// <summary>Records requests on the client's meter.</summary>
internal sealed class ClientMetrics : IDisposable
{
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;

    public ClientMetrics(IMeterFactory? factory)
    {
        _ownsMeter = factory is null;
        _meter = factory?.Create(KubernetesClientMetrics.MeterName) ?? new Meter(KubernetesClientMetrics.MeterName);
        _requests = _meter.CreateCounter<long>(KubernetesClientMetrics.Requests, "{request}", "Requests sent to the Kubernetes API server.");
        _duration = _meter.CreateHistogram(
            KubernetesClientMetrics.RequestDuration,
            "s",
            "Duration of requests to the Kubernetes API server.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    public void Record(string verb, string resource, string code, TimeSpan duration)
    {
        var tags = new TagList
        {
            { "verb", verb },
            { "resource", resource },
            { "code", code },
        };
        _requests.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
