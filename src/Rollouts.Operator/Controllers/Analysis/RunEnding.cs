using Rollouts.Api.Analysis;

namespace Rollouts.Operator.Controllers.Analysis;

/// <summary>
/// Ends a run in Error at once, for what retrying cannot fix: an invalid run, or a metric that cannot be measured
/// as written (a missing Secret, no or a refused address). The evaluator's limits are for errors that may pass.
/// </summary>
internal static class RunEnding
{
    /// <summary>The run ended in Error with <paramref name="message"/>; <paramref name="metric"/>'s result too, when given.</summary>
    public static AnalysisRunStatus Error(AnalysisRunStatus status, string message, string? metric = null)
    {
        var bounded = MeasurementRecording.Bound(message, MeasurementRecording.MaxMessageLength);
        var results = (status.MetricResults ?? [])
            .Select(r => metric is not null && r.Name == metric ? r with { Phase = AnalysisPhase.Error, Message = bounded } : r)
            .ToArray();
        return status with
        {
            Phase = AnalysisPhase.Error,
            Message = bounded,
            MetricResults = results,
            RunSummary = new RunSummary
            {
                Count = results.Length,
                Successful = results.Count(r => r.Phase == AnalysisPhase.Successful),
                Failed = results.Count(r => r.Phase == AnalysisPhase.Failed),
                Inconclusive = results.Count(r => r.Phase == AnalysisPhase.Inconclusive),
                Error = results.Count(r => r.Phase == AnalysisPhase.Error),
            },
        };
    }
}
