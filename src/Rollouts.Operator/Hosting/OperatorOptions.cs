using Rollouts.Engine.Planning;
using Rollouts.Engine.Providers;

namespace Rollouts.Operator.Hosting;

/// <summary>How the operator runs: what it watches, how many workers reconcile, and whether it competes for leadership.</summary>
public sealed record OperatorOptions
{
    /// <summary>The field manager and event source of every write the operator makes.</summary>
    public const string Component = "rollouts-operator";

    /// <summary>The namespace to watch; null for all namespaces (unless <see cref="Namespaces"/> names some).</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// The namespaces to watch (<c>--namespace</c>, repeated), each with its own informers and controllers; empty for
    /// <see cref="Namespace"/> alone, or all namespaces when that is null too.
    /// </summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>What the operator watches: the namespaces named, or one null entry for all namespaces.</summary>
    public IReadOnlyList<string?> WatchedNamespaces =>
        Namespaces is { Count: > 0 } named ? [.. named.Distinct(StringComparer.Ordinal)]
        : Namespace is { } one ? [one]
        : [null];

    /// <summary>Rollouts reconciled at once (each Rollout by one worker at a time), and AnalysisRuns measured at once (by workers of their own). Default 2.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Compete for a Lease and reconcile only while holding it. Default false (issue 7 turns it on).</summary>
    public bool LeaderElection { get; init; }

    /// <summary>Namespace of the Lease; null for the connection's namespace.</summary>
    public string? LeaseNamespace { get; init; }

    /// <summary>Name of the Lease the replicas compete for.</summary>
    public string LeaseName { get; init; } = "rollouts-operator";

    /// <summary>The lease duration, renew deadline and retry period; the usual 15 s, 10 s and 2 s by default.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>This replica's name in the Lease; a unique one by default.</summary>
    public string? Identity { get; init; }

    /// <summary>
    /// How long a reconcile waits for the informer cache to show the operator's own last writes before it
    /// plans from what the cache shows anyway. Default 10 s.
    /// </summary>
    /// <summary>
    /// Where /metrics is served (<c>--metrics-bind-address</c>): <c>[host]:port</c> (<c>:8080</c> is every interface,
    /// <c>127.0.0.1:0</c> a free local port), or <c>0</c> for off, the default in code.
    /// </summary>
    public string MetricsBindAddress { get; init; } = "0";

    /// <summary>Where /healthz and /readyz are served (<c>--health-probe-bind-address</c>), as <see cref="MetricsBindAddress"/>; off by default in code.</summary>
    public string HealthProbeBindAddress { get; init; } = "0";

    /// <summary>
    /// Reconcile only Rollouts labelled <c>rollouts.dev/instance-id</c> with this value (<c>--instance-id</c>); null:
    /// only Rollouts without that label. Several operators can so share a cluster.
    /// </summary>
    public string? InstanceId { get; init; }

    /// <summary>The label that assigns a Rollout to one operator instance.</summary>
    public const string InstanceIdLabel = Engine.Planning.AnalysisRunFactory.InstanceIdLabel;

    /// <summary>The label selector of the Rollouts and AnalysisRuns this instance reconciles.</summary>
    public string InstanceSelector => InstanceId is null ? $"!{InstanceIdLabel}" : $"{InstanceIdLabel}={InstanceId}";

    public TimeSpan CacheCatchUpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The Prometheus server of prometheus and judge metrics whose template gives no address; null for none (such a
    /// metric then ends in Error, saying to set one).
    /// </summary>
    public string? PrometheusAddress { get; init; }

    /// <summary>
    /// The metric provider addresses the operator may call (URL prefixes or host[:port], see
    /// <see cref="AddressPolicy"/>); empty allows any http(s) address. A refused address is an Error measurement.
    /// </summary>
    public IReadOnlyList<string> AllowedMetricAddresses { get; init; } = [];

    /// <summary>
    /// How long a stopping operator lets the reconciles in flight finish before it cancels them
    /// (<c>--graceful-shutdown-timeout</c>); the Lease is released after. Default 30 s.
    /// </summary>
    public TimeSpan GracefulShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a Rollout status write whose only changes are pod counts (replicas, updated, ready, available, and
    /// the messages quoting them) may wait to be merged with the next write (<c>--status-counts-delay</c>); a step,
    /// phase, weight, abort, pause or condition change is written at once with the newest counts. Zero writes every
    /// count change at once. Default 2 s.
    /// </summary>
    public TimeSpan StatusCountsDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock of reconciles, work-queue delays and leader election.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Told of every plan before it is applied, with the observation it was made from. Tests check the
    /// planner's invariants here; the operator itself checks nothing.
    /// </summary>
    internal Action<Observation, Plan>? PlanObserved { get; init; }

    /// <summary>Throws, naming the option and its value, when the options cannot work.</summary>
    public void Validate()
    {
        foreach (var (address, option) in new[] { (MetricsBindAddress, "--metrics-bind-address"), (HealthProbeBindAddress, "--health-probe-bind-address") })
        {
            try
            {
                _ = BindAddress.Parse(address, option);
            }
            catch (FormatException e)
            {
                throw new ArgumentException(e.Message, option == "--metrics-bind-address" ? nameof(MetricsBindAddress) : nameof(HealthProbeBindAddress), e);
            }
        }

        if (Workers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Workers), Workers, $"OperatorOptions.{nameof(Workers)} must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(LeaseName))
        {
            throw new ArgumentException($"OperatorOptions.{nameof(LeaseName)} must name the Lease.", nameof(LeaseName));
        }

        if (PrometheusAddress is not null && !IsHttpUrl(PrometheusAddress))
        {
            throw new ArgumentException(
                $"OperatorOptions.{nameof(PrometheusAddress)} \"{PrometheusAddress}\" is not an absolute http or https URL such as http://prometheus.monitoring:9090.",
                nameof(PrometheusAddress));
        }

        _ = MetricAddressPolicy();

        if (GracefulShutdownTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(GracefulShutdownTimeout), GracefulShutdownTimeout, $"OperatorOptions.{nameof(GracefulShutdownTimeout)} must not be negative.");
        }

        if (StatusCountsDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StatusCountsDelay), StatusCountsDelay, $"OperatorOptions.{nameof(StatusCountsDelay)} must not be negative.");
        }

        if (CacheCatchUpTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CacheCatchUpTimeout), CacheCatchUpTimeout, $"OperatorOptions.{nameof(CacheCatchUpTimeout)} must be greater than zero.");
        }
    }

    /// <summary>The allowlist of <see cref="AllowedMetricAddresses"/>.</summary>
    /// <exception cref="ArgumentException">An entry is neither an http(s) URL prefix nor a host[:port]; the message names it.</exception>
    public AddressPolicy MetricAddressPolicy()
    {
        try
        {
            return new AddressPolicy(AllowedMetricAddresses ?? []);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"OperatorOptions.{nameof(AllowedMetricAddresses)}: {e.Message}", nameof(AllowedMetricAddresses), e);
        }
    }

    private static bool IsHttpUrl(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
