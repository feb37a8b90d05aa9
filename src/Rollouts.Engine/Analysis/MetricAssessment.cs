using Rollouts.Api.Analysis;
using Rollouts.Api.Common;

namespace Rollouts.Engine.Analysis;

/// <summary>
/// One metric's phase from its measurements and limits, as the fields say: Failed when failed measurements exceed
/// failureLimit, Inconclusive when inconclusive ones exceed inconclusiveLimit, Error when errors in a row exceed
/// consecutiveErrorLimit; Successful when its count is done (or the run is terminated); else Pending or Running.
/// </summary>
internal static class MetricAssessment
{
    /// <summary>
    /// The measurements a metric takes: its count; one when it has neither count nor interval; null (until the run
    /// ends) when it has an interval and no count. Errors are retried and do not count.
    /// </summary>
    public static int? EffectiveCount(Metric metric) => metric.Count ?? (metric.Interval is null ? 1 : null);

    /// <summary>Measurements that were not errors: the ones the count is made of.</summary>
    public static int Counted(MetricResult result) =>
        (result.Successful ?? 0) + (result.Failed ?? 0) + (result.Inconclusive ?? 0);

    public static AnalysisDecision Assess(Metric metric, MetricResult? result, bool terminating)
    {
        var name = metric.Name ?? "";
        if (result is null || (result.Measurements ?? []).Count == 0)
        {
            return terminating
                ? new AnalysisDecision(AnalysisPhase.Successful, $"metric \"{name}\" was terminated before its first measurement")
                : new AnalysisDecision(AnalysisPhase.Pending, null);
        }

        var last = result.Measurements![^1];
        var failureLimit = metric.FailureLimit ?? AnalysisDefaults.FailureLimit;
        var inconclusiveLimit = metric.InconclusiveLimit ?? AnalysisDefaults.InconclusiveLimit;
        var errorLimit = metric.ConsecutiveErrorLimit ?? AnalysisDefaults.ConsecutiveErrorLimit;
        if ((result.Failed ?? 0) > failureLimit)
        {
            return new AnalysisDecision(AnalysisPhase.Failed,
                $"metric \"{name}\" failed: {Plural(result.Failed ?? 0, "measurement")} failed, more than failureLimit {failureLimit}{Last(last)}");
        }

        if ((result.Inconclusive ?? 0) > inconclusiveLimit)
        {
            return new AnalysisDecision(AnalysisPhase.Inconclusive,
                $"metric \"{name}\" is inconclusive: {Plural(result.Inconclusive ?? 0, "measurement")} inconclusive, more than inconclusiveLimit {inconclusiveLimit}{Last(last)}");
        }

        if ((result.ConsecutiveError ?? 0) > errorLimit)
        {
            return new AnalysisDecision(AnalysisPhase.Error,
                $"metric \"{name}\" errored: {Plural(result.ConsecutiveError ?? 0, "error")} in a row, more than consecutiveErrorLimit {errorLimit}{Last(last)}");
        }

        if (EffectiveCount(metric) is { } count && Counted(result) >= count)
        {
            return new AnalysisDecision(AnalysisPhase.Successful, $"metric \"{name}\" took its {Plural(count, "measurement")} within its limits");
        }

        return terminating
            ? new AnalysisDecision(AnalysisPhase.Successful, $"metric \"{name}\" was terminated within its limits")
            : new AnalysisDecision(AnalysisPhase.Running, null);
    }

    /// <summary>The metric's interval, or null when it has none (or it cannot be read; validation reports that).</summary>
    public static TimeSpan? Interval(Metric metric) =>
        metric.Interval is { } written && Durations.TryParse(written, out var interval, out _) && interval > TimeSpan.Zero ? interval : null;

    /// <summary>The metric's initial delay, zero when it has none.</summary>
    public static TimeSpan InitialDelay(Metric metric) =>
        metric.InitialDelay is { } written && Durations.TryParse(written, out var delay, out _) && delay > TimeSpan.Zero ? delay : TimeSpan.Zero;

    private static string Last(Measurement last)
    {
        var value = last.Value is null ? "" : $"; last value {last.Value}";
        var message = last.Message is null ? "" : $" ({last.Message})";
        return value + message;
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
