using Rollouts.Kubernetes.Runtime.Metrics;

namespace Rollouts.Operator.Hosting;

/// <summary>What the <see cref="ProbeServer"/> serves and where.</summary>
public sealed record ProbeServerOptions
{
    /// <summary>Where <c>/metrics</c> is served (see <see cref="BindAddress"/>); <c>0</c> turns it off.</summary>
    public string MetricsAddress { get; init; } = ":8080";

    /// <summary>Where <c>/healthz</c> and <c>/readyz</c> are served; <c>0</c> turns them off. May equal <see cref="MetricsAddress"/>.</summary>
    public string ProbeAddress { get; init; } = ":8081";

    /// <summary>Writes the metrics of one scrape, e.g. <c>collector.WriteTo</c>.</summary>
    public Action<PrometheusTextWriter> WriteMetrics { get; init; } = _ => { };

    /// <summary><c>/healthz</c>: OK while the process and its loops are alive.</summary>
    public Func<ProbeStatus> Liveness { get; init; } = () => ProbeStatus.Ok;

    /// <summary><c>/readyz</c>: OK when the caches have synced and the replica leads or stands by.</summary>
    public Func<ProbeStatus> Readiness { get; init; } = () => ProbeStatus.Ok;
}
