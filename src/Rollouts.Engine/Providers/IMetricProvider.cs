namespace Rollouts.Engine.Providers;

/// <summary>
/// Takes one measurement. Implementations are the Engine's only I/O; the planner never calls them, it receives
/// their measurements. Failures on the other side are returned as <see cref="ProviderOutcome.Failure"/>, never
/// thrown; cancelling <paramref name="cancellationToken"/> throws <see cref="OperationCanceledException"/>.
/// </summary>
/// <typeparam name="TQuery">The provider's part of a metric (for example <see cref="Prometheus.PrometheusQuery"/>).</typeparam>
public interface IMetricProvider<in TQuery>
{
    /// <param name="query">The metric's provider settings, with <c>{{args.name}}</c> placeholders still in place.</param>
    /// <param name="args">The analysis run's arguments, already resolved (Secrets included) by the caller.</param>
    /// <param name="cancellationToken">Stops the measurement; the per-query timeout is separate and yields an Error.</param>
    Task<ProviderOutcome> MeasureAsync(TQuery query, IReadOnlyDictionary<string, string> args, CancellationToken cancellationToken);
}
