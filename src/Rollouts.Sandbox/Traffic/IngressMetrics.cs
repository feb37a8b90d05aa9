using System.Collections.Immutable;
using Rollouts.Kubernetes.Runtime.Metrics;

namespace Rollouts.Sandbox.Traffic;

/// <summary>
/// The request metrics an ingress-nginx controller exports, under its names and labels: the counter
/// <c>nginx_ingress_controller_requests</c> and the histogram <c>nginx_ingress_controller_request_duration_seconds</c>,
/// both labelled by namespace, ingress, service, canary, host, method, path and status. Values only grow.
/// Thread-safe.
/// </summary>
public sealed class IngressMetrics
{
    public const string RequestsName = "nginx_ingress_controller_requests";
    public const string DurationName = "nginx_ingress_controller_request_duration_seconds";

    /// <summary>The controller's default duration buckets (Prometheus's default buckets), in seconds.</summary>
    public static readonly ImmutableArray<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Labels every series carries, as a controller installed by the ingress-nginx chart sets them.</summary>
    private static readonly KeyValuePair<string, string>[] ControllerLabels =
    [
        new("controller_class", "k8s.io/ingress-nginx"),
        new("controller_namespace", "ingress-nginx"),
        new("controller_pod", "ingress-nginx-controller-sandbox"),
    ];

    private readonly Lock _gate = new();
    private readonly SortedDictionary<RequestLabels, Series> _series = [];

    /// <summary>Counts one request and its duration.</summary>
    public void Record(RequestLabels labels, TimeSpan duration)
    {
        var seconds = Math.Max(0, duration.TotalSeconds);
        lock (_gate)
        {
            if (!_series.TryGetValue(labels, out var series))
            {
                series = new Series(new long[DurationBuckets.Length]);
                _series.Add(labels, series);
            }

            series.Count++;
            series.Sum += seconds;
            for (var i = 0; i < DurationBuckets.Length; i++)
            {
                if (seconds <= DurationBuckets[i])
                {
                    series.Buckets[i]++;
                }
            }
        }
    }

    /// <summary>Requests counted so far whose labels match <paramref name="filter"/>.</summary>
    public long Count(Func<RequestLabels, bool> filter)
    {
        lock (_gate)
        {
            return _series.Where(s => filter(s.Key)).Sum(s => s.Value.Count);
        }
    }

    /// <summary>All series in the Prometheus text format.</summary>
    public string Render()
    {
        List<(RequestLabels Labels, long Count, double Sum, long[] Buckets)> series;
        lock (_gate)
        {
            series = [.. _series.Select(s => (s.Key, s.Value.Count, s.Value.Sum, (long[])s.Value.Buckets.Clone()))];
        }

        var writer = new PrometheusTextWriter();
        writer.Family(RequestsName, "counter", "The number of client requests");
        foreach (var s in series)
        {
            writer.Sample(RequestsName, Labels(s.Labels), s.Count);
        }

        writer.Family(DurationName, "histogram", "The request processing time in seconds");
        foreach (var s in series)
        {
            var labels = Labels(s.Labels).ToList();
            for (var i = 0; i < DurationBuckets.Length; i++)
            {
                writer.Sample(DurationName + "_bucket", [.. labels, new("le", PrometheusTextWriter.FormatValue(DurationBuckets[i]))], s.Buckets[i]);
            }

            writer.Sample(DurationName + "_bucket", [.. labels, new("le", "+Inf")], s.Count);
            writer.Sample(DurationName + "_sum", labels, s.Sum);
            writer.Sample(DurationName + "_count", labels, s.Count);
        }

        return writer.ToString();
    }

    private static IEnumerable<KeyValuePair<string, string>> Labels(RequestLabels labels) =>
    [
        new("canary", labels.Canary),
        .. ControllerLabels,
        new("host", labels.Host),
        new("ingress", labels.Ingress),
        new("method", labels.Method),
        new("namespace", labels.Namespace),
        new("path", labels.Path),
        new("service", labels.Service),
        new("status", labels.Status),
    ];

    private sealed class Series(long[] buckets)
    {
        public long Count { get; set; }
        public double Sum { get; set; }
        public long[] Buckets { get; } = buckets;
    }
}

/// <summary>
/// The labels of one request series. <see cref="Canary"/> is the canary ingress's name when a canary served the
/// request, else empty; <see cref="Ingress"/> is the stable ingress's name either way, as in ingress-nginx.
/// </summary>
public sealed record RequestLabels(
    string Namespace, string Ingress, string Service, string Canary, string Host, string Method, string Path, string Status)
    : IComparable<RequestLabels>
{
    public int CompareTo(RequestLabels? other) => other is null ? 1 : string.CompareOrdinal(Key, other.Key);

    private string Key => string.Join('\0', Namespace, Ingress, Service, Canary, Host, Method, Path, Status);
}
