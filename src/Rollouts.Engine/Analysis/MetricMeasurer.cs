using Rollouts.Api.Analysis;
using Rollouts.Engine.Analysis;
using Rollouts.Engine.Providers;
using Rollouts.Engine.Providers.Prometheus;
using Rollouts.Engine.Providers.Web;

namespace Rollouts.Engine.Analysis;

/// <summary>
/// Measures the metrics of a run that are due: resolves the arguments (Secrets read now), asks each metric's
/// provider (all at once, each within its own timeout), and turns each answer into a measurement. Judge metrics
/// are judged together (<see cref="JudgeMeasurement"/>). Nothing here throws for what goes wrong on the provider's
/// side: it becomes an Error measurement.
/// </summary>
public sealed class MetricMeasurer
{
    private readonly ProviderSettings _settings;
    private readonly PrometheusProvider _prometheus;
    private readonly WebProvider _web;
    private readonly JudgeMeasurement _judge;
    private readonly TimeProvider _time;

    public MetricMeasurer(ProviderHttp http, ProviderDefaults defaults, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        _settings = new ProviderSettings(http.Policy, defaults);
        _prometheus = new PrometheusProvider(http, time);
        _web = new WebProvider(http, time);
        _judge = new JudgeMeasurement(_settings, _prometheus, time);
        _time = time;
    }

    /// <summary>
    /// One outcome per metric of <paramref name="due"/>, in its order. <paramref name="spec"/> is defaulted
    /// (<see cref="AnalysisDefaulting"/>) and valid (<see cref="AnalysisLint"/>); every name of <paramref name="due"/> is one of its metrics.
    /// </summary>
    /// <exception cref="ArgumentException">A name of <paramref name="due"/> is not a metric of <paramref name="spec"/>.</exception>
    public async Task<IReadOnlyList<MetricOutcome>> MeasureAsync(AnalysisRunSpec spec, IReadOnlyList<string> due, SecretReader secrets,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(due);
        ArgumentNullException.ThrowIfNull(secrets);
        var started = WholeSeconds.Floor(_time.GetUtcNow());
        var (args, argsError) = await RunArguments.ResolveAsync(spec, secrets, cancellationToken).ConfigureAwait(false);
        if (argsError is not null)
        {
            return [.. due.Select(name => Ending(name, argsError, started))];
        }

        var metrics = spec.Metrics ?? [];
        var judged = due.Where(name => metrics.Any(m => m.Name == name && m.Provider?.Judge is not null)).ToHashSet(StringComparer.Ordinal);
        var judging = judged.Count > 0
            ? _judge.MeasureAsync(spec, judged, args!, secrets, cancellationToken)
            : Task.FromResult<IReadOnlyList<MetricOutcome>>([]);
        var others = due.Where(name => !judged.Contains(name)).Select(name =>
        {
            var index = IndexOf(metrics, name);
            return MeasureOneAsync(metrics[index], $"spec.metrics[{index}].provider", args!, secrets, cancellationToken);
        }).ToArray();

        var outcomes = (await Task.WhenAll(others).ConfigureAwait(false)).Concat(await judging.ConfigureAwait(false))
            .ToDictionary(o => o.Metric, StringComparer.Ordinal);
        return [.. due.Select(name => outcomes[name])];
    }

    private async Task<MetricOutcome> MeasureOneAsync(Metric metric, string path, IReadOnlyDictionary<string, string> args, SecretReader secrets,
        CancellationToken cancellationToken)
    {
        var name = metric.Name ?? "";
        var started = WholeSeconds.Floor(_time.GetUtcNow());
        ProviderOutcome outcome;
        switch (metric.Provider)
        {
            case { Prometheus: { } prometheus }:
                var (query, queryError) = await _settings.PrometheusAsync(prometheus, $"{path}.prometheus", args, secrets, cancellationToken).ConfigureAwait(false);
                if (query is null)
                {
                    return Ending(name, queryError!, started);
                }

                outcome = await _prometheus.MeasureAsync(query, args, cancellationToken).ConfigureAwait(false);
                break;
            case { Web: { } web }:
                var (request, requestError) = await _settings.WebAsync(web, $"{path}.web", args, secrets, cancellationToken).ConfigureAwait(false);
                if (request is null)
                {
                    return Ending(name, requestError!, started);
                }

                outcome = await _web.MeasureAsync(request, args, cancellationToken).ConfigureAwait(false);
                break;
            default:
                return Ending(name, $"{path}: no provider to measure with; set exactly one of prometheus, web or judge", started);
        }

        return new MetricOutcome(name, MeasurementEvaluator.Evaluate(metric, outcome, started, WholeSeconds.Floor(_time.GetUtcNow())));
    }

    /// <summary>An Error measurement that ends the run.</summary>
    internal static MetricOutcome Ending(string metric, string message, DateTimeOffset at) => new(metric, new Measurement
    {
        Phase = AnalysisPhase.Error,
        Message = MeasurementRecording.Bound(message, MeasurementRecording.MaxMessageLength),
        StartedAt = at,
        FinishedAt = at,
    }, EndsRun: true);

    private static int IndexOf(IReadOnlyList<Metric> metrics, string name)
    {
        for (var i = 0; i < metrics.Count; i++)
        {
            if (metrics[i].Name == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"the run has no metric \"{name}\"", nameof(name));
    }
}
