namespace Rollouts.Api.Analysis;

/// <summary>
/// Adds measurements to a metric's result the way status keeps them: value and message cut to a bounded length
/// (a provider's raw response never lands in status whole), only the most recent measurements kept, and the
/// counts of each phase carried over all measurements ever taken.
/// </summary>
public static class MeasurementRecording
{
    /// <summary>The longest measured value kept in status, in characters.</summary>
    public const int MaxValueLength = 1024;

    /// <summary>The longest message kept in status (a measurement's, a metric's or a run's), in characters.</summary>
    public const int MaxMessageLength = 1024;

    private const string Cut = "... (truncated)";

    /// <summary>
    /// A copy of <paramref name="result"/> with <paramref name="measurement"/> added (bounded) last, the counts
    /// updated for its phase (when it is completed), and only the latest <paramref name="retention"/> kept.
    /// </summary>
    public static MetricResult Record(MetricResult result, Measurement measurement, int retention)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(measurement);
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, 1);
        var bounded = measurement with { Value = Bound(measurement.Value, MaxValueLength), Message = Bound(measurement.Message, MaxMessageLength) };
        var measurements = (result.Measurements ?? []).Append(bounded).TakeLast(retention).ToArray();
        var phase = measurement.Phase;
        if (!AnalysisPhase.IsCompleted(phase))
        {
            return result with { Measurements = measurements };
        }

        return result with
        {
            Measurements = measurements,
            Count = (result.Count ?? 0) + 1,
            Successful = (result.Successful ?? 0) + (phase == AnalysisPhase.Successful ? 1 : 0),
            Failed = (result.Failed ?? 0) + (phase == AnalysisPhase.Failed ? 1 : 0),
            Inconclusive = (result.Inconclusive ?? 0) + (phase == AnalysisPhase.Inconclusive ? 1 : 0),
            Error = (result.Error ?? 0) + (phase == AnalysisPhase.Error ? 1 : 0),
            ConsecutiveError = phase == AnalysisPhase.Error ? (result.ConsecutiveError ?? 0) + 1 : 0,
        };
    }

    /// <summary>How many measurements of <paramref name="metricName"/> the run keeps: its measurementRetention limit, or the default.</summary>
    public static int RetentionOf(AnalysisRunSpec spec, string metricName)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var limit = spec.MeasurementRetention?.FirstOrDefault(r => r.MetricName == metricName)?.Limit;
        return limit is >= 1 ? limit.Value : AnalysisDefaults.MeasurementRetention;
    }

    /// <summary><paramref name="text"/> cut to at most <paramref name="maxLength"/> characters, saying that it was cut.</summary>
    public static string? Bound(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, Cut.Length + 1);
        if (text is null || text.Length <= maxLength)
        {
            return text;
        }

        var keep = maxLength - Cut.Length;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), Cut);
    }
}
