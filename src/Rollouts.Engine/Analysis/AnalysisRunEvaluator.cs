using Rollouts.Api.Analysis;

namespace Rollouts.Engine.Analysis;

/// <summary>
/// Decides an analysis run from its spec and status. Pure: the operator asks which metrics are due
/// (<see cref="DueMetrics"/>), measures them, records each measurement with <see cref="Apply"/>, writes the
/// status, and requeues after <see cref="NextDue"/>.
/// <para>
/// The run is Failed when a deciding metric Failed, else Error when one is Error, else Inconclusive when one is
/// Inconclusive (it ends at once in each case), Successful when every metric is Successful, else Running. Dry-run
/// metrics are measured and recorded but never decide the run. A terminated run (<c>spec.terminate</c>) stops
/// measuring; with no deciding metric Failed, Error or Inconclusive it ends Successful.
/// </para>
/// </summary>
public static partial class AnalysisRunEvaluator
{
    /// <summary>
    /// The status of a run that starts at <paramref name="now"/>: Running, with a Pending result for every metric.
    /// A status already started is returned unchanged.
    /// </summary>
    public static AnalysisRunStatus Start(AnalysisRunSpec spec, AnalysisRunStatus? status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (status?.StartedAt is not null)
        {
            return status;
        }

        return Refresh(spec, (status ?? new AnalysisRunStatus()) with { StartedAt = now });
    }

    /// <summary>
    /// Records <paramref name="measurement"/> of <paramref name="metricName"/> (bounded, within the metric's
    /// measurementRetention) and recomputes the metrics' and the run's phases.
    /// </summary>
    /// <exception cref="ArgumentException">The run has no metric <paramref name="metricName"/>.</exception>
    public static AnalysisRunStatus Apply(AnalysisRunSpec spec, AnalysisRunStatus? status, string metricName, Measurement measurement)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(metricName);
        ArgumentNullException.ThrowIfNull(measurement);
        if (!(spec.Metrics ?? []).Any(m => m.Name == metricName))
        {
            throw new ArgumentException($"the run has no metric \"{metricName}\"", nameof(metricName));
        }

        status ??= new AnalysisRunStatus();
        status = status with { StartedAt = status.StartedAt ?? measurement.StartedAt };
        var results = Results(spec, status).ToDictionary(r => r.Name ?? "", StringComparer.Ordinal);
        results[metricName] = MeasurementRecording.Record(results[metricName], measurement, MeasurementRecording.RetentionOf(spec, metricName));
        return Refresh(spec, status with { MetricResults = [.. results.Values] });
    }

    /// <summary>
    /// Recomputes every metric's phase and message, the run's phase and message, and the summary. Call it after
    /// the spec changed, e.g. when the run is terminated.
    /// </summary>
    public static AnalysisRunStatus Refresh(AnalysisRunSpec spec, AnalysisRunStatus status)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(status);
        if (AnalysisPhase.IsCompleted(status.Phase))
        {
            return status;
        }

        var terminating = Terminating(spec);
        var metrics = spec.Metrics ?? [];
        var results = Results(spec, status).Select((r, i) =>
        {
            var verdict = MetricAssessment.Assess(metrics[i], r, terminating);
            return r with { Phase = verdict.Phase, Message = verdict.Message };
        }).ToArray();
        status = status with { MetricResults = results };
        var run = RunPhase(spec, status);
        return status with
        {
            Phase = run.Phase,
            Message = MeasurementRecording.Bound(run.Message, MeasurementRecording.MaxMessageLength),
            RunSummary = Summary(results),
        };
    }

    /// <summary>
    /// The run's phase and why, from its metrics' measurements and limits; the message names the deciding metric
    /// and its last value.
    /// </summary>
    public static AnalysisDecision RunPhase(AnalysisRunSpec spec, AnalysisRunStatus? status)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (status is not null && AnalysisPhase.IsCompleted(status.Phase))
        {
            return new AnalysisDecision(status.Phase!, status.Message);
        }

        var terminating = Terminating(spec);
        var metrics = spec.Metrics ?? [];
        var results = Results(spec, status);
        var verdicts = metrics.Select((m, i) => (Metric: m, Verdict: MetricAssessment.Assess(m, results[i], terminating))).ToArray();
        var deciding = verdicts.Where(v => !IsDryRun(spec, v.Metric.Name)).ToArray();
        foreach (var phase in new[] { AnalysisPhase.Failed, AnalysisPhase.Error, AnalysisPhase.Inconclusive })
        {
            if (deciding.FirstOrDefault(v => v.Verdict.Phase == phase) is { Verdict: { } decided })
            {
                return decided;
            }
        }

        if (verdicts.All(v => AnalysisPhase.IsCompleted(v.Verdict.Phase)))
        {
            return new AnalysisDecision(AnalysisPhase.Successful, spec.Terminate == true
                ? "the run was terminated and no metric failed"
                : deciding.Length == 0 ? "every metric is dry-run; the run does not decide" : "every metric is Successful");
        }

        return new AnalysisDecision(AnalysisPhase.Running, null);
    }

    /// <summary>True when <paramref name="metricName"/> is listed in the run's dryRun.</summary>
    public static bool IsDryRun(AnalysisRunSpec spec, string? metricName)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return (spec.DryRun ?? []).Any(d => d.MetricName == metricName);
    }

    /// <summary>True when the rollout ended the run (<c>spec.terminate</c>).</summary>
    private static bool Terminating(AnalysisRunSpec spec) => spec.Terminate == true;

    /// <summary>The status' results in the order of spec.metrics, one for each metric (new ones empty).</summary>
    private static MetricResult[] Results(AnalysisRunSpec spec, AnalysisRunStatus? status)
    {
        var existing = (status?.MetricResults ?? []).Where(r => r.Name is not null)
            .GroupBy(r => r.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        return (spec.Metrics ?? []).Select(m =>
        {
            var name = m.Name ?? "";
            var result = existing.TryGetValue(name, out var found) ? found : new MetricResult { Name = name, Phase = AnalysisPhase.Pending };
            return IsDryRun(spec, name) ? result with { DryRun = true } : result;
        }).ToArray();
    }

    private static RunSummary Summary(IReadOnlyList<MetricResult> results) => new()
    {
        Count = results.Count,
        Successful = results.Count(r => r.Phase == AnalysisPhase.Successful),
        Failed = results.Count(r => r.Phase == AnalysisPhase.Failed),
        Inconclusive = results.Count(r => r.Phase == AnalysisPhase.Inconclusive),
        Error = results.Count(r => r.Phase == AnalysisPhase.Error),
    };
}
