using Rollouts.Api.Analysis;

namespace Rollouts.Engine.Analysis;

// When each metric is measured. The first measurement is due initialDelay after the run started; each next one an
// interval after the previous one started (not ended), so the measurements do not drift. A metric without an
// interval takes its count back to back. An Error measurement is retried an interval later, or after
// ErrorRetryInterval when the metric has no interval. Nothing is due once the metric or the run is done.
public static partial class AnalysisRunEvaluator
{
    /// <summary>How long a metric without an interval waits before retrying after an Error measurement.</summary>
    public static readonly TimeSpan ErrorRetryInterval = TimeSpan.FromSeconds(10);

    /// <summary>The metrics to measure at <paramref name="now"/>, in the order of spec.metrics.</summary>
    public static IReadOnlyList<string> DueMetrics(AnalysisRunSpec spec, AnalysisRunStatus? status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Schedule(spec, status, now).Where(s => s.Due <= now).Select(s => s.Name).ToArray();
    }

    /// <summary>
    /// How long until the next measurement is due (zero when one is due now), for the operator to requeue after;
    /// null when nothing more is scheduled (the run is done, terminated, or every metric is done).
    /// </summary>
    public static TimeSpan? NextDue(AnalysisRunSpec spec, AnalysisRunStatus? status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var next = Schedule(spec, status, now).Select(s => (DateTimeOffset?)s.Due).Min();
        return next is { } due ? (due <= now ? TimeSpan.Zero : due - now) : null;
    }

    /// <summary>When each metric that still measures is next due.</summary>
    private static IEnumerable<(string Name, DateTimeOffset Due)> Schedule(AnalysisRunSpec spec, AnalysisRunStatus? status, DateTimeOffset now)
    {
        if (spec.Terminate == true || RunPhase(spec, status).Phase is var phase && AnalysisPhase.IsCompleted(phase))
        {
            yield break;
        }

        var started = status?.StartedAt ?? now;
        var metrics = spec.Metrics ?? [];
        var results = Results(spec, status);
        for (var i = 0; i < metrics.Count; i++)
        {
            var metric = metrics[i];
            var verdict = MetricAssessment.Assess(metric, results[i], terminating: false);
            if (AnalysisPhase.IsCompleted(verdict.Phase))
            {
                continue;
            }

            var measurements = results[i].Measurements ?? [];
            if (measurements.Count == 0)
            {
                yield return (metric.Name ?? "", started + MetricAssessment.InitialDelay(metric));
                continue;
            }

            var last = measurements[^1];
            if (!AnalysisPhase.IsCompleted(last.Phase))
            {
                continue;
            }

            var from = last.StartedAt ?? last.FinishedAt ?? started;
            var interval = MetricAssessment.Interval(metric);
            var wait = interval ?? (last.Phase == AnalysisPhase.Error ? ErrorRetryInterval : TimeSpan.Zero);
            yield return (metric.Name ?? "", from + wait);
        }
    }
}
