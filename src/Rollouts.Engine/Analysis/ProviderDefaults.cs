namespace Rollouts.Engine.Analysis;

/// <summary>
/// What the host that measures (the operator, <c>kubectl rollouts analyze</c>) adds to what a metric says: the
/// Prometheus address used when a metric gives none, and how its user changes these settings, for messages.
/// </summary>
public sealed record ProviderDefaults
{
    /// <summary>The operator's: its command line flags.</summary>
    public static ProviderDefaults Operator(string? prometheusAddress) => new()
    {
        PrometheusAddress = prometheusAddress,
        HowToSetPrometheusAddress = "start the operator with --prometheus-address",
        HowToAllowAddress = "to allow it, add it to the operator's --allowed-metric-addresses",
    };

    /// <summary>The Prometheus address of a metric that names none; null when there is none.</summary>
    public string? PrometheusAddress { get; init; }

    /// <summary>Ends "no Prometheus address: set provider.prometheus.address or ...".</summary>
    public required string HowToSetPrometheusAddress { get; init; }

    /// <summary>Follows why an address may not be called: "...; to allow it, ...".</summary>
    public required string HowToAllowAddress { get; init; }

    /// <summary>The error of a metric with no address (<paramref name="field"/>, e.g. provider.judge.address) and no default.</summary>
    public string NoPrometheusAddress(string field) => $"no Prometheus address: set {field} or {HowToSetPrometheusAddress}";
}
