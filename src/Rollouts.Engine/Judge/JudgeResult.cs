namespace Rollouts.Engine.Judge;

/// <summary>The verdict on one metric.</summary>
public enum MetricVerdict
{
    Pass,
    Fail,

    /// <summary>Too few usable samples to decide; never counts as passing.</summary>
    Inconclusive,
}

/// <summary>The verdict on the whole run, as Kayenta names them.</summary>
public enum JudgeVerdict
{
    Pass,
    Marginal,
    Fail,
    Inconclusive,
}

/// <summary>The verdict on one metric with the numbers behind it.</summary>
/// <param name="Reason">One sentence a user can read: what was found, with the numbers.</param>
/// <param name="CanaryCount">Usable canary values (after dropping).</param>
/// <param name="CanaryDropped">Canary values dropped as NaN or infinite.</param>
/// <param name="Test">The Mann–Whitney test, canary against baseline; null when the metric was not tested.</param>
/// <param name="Shift">The Hodges–Lehmann estimate of canary minus baseline; null when not tested.</param>
/// <param name="RelativeShift">
/// <paramref name="Shift"/> divided by the absolute baseline median; ±infinity when that median is 0 and the shift is not.
/// </param>
public sealed record MetricJudgement(
    string Name,
    MetricVerdict Verdict,
    string Reason,
    int CanaryCount,
    int BaselineCount,
    int CanaryDropped,
    int BaselineDropped,
    MannWhitneyResult? Test,
    double? Shift,
    double? RelativeShift,
    double Weight,
    bool Critical);

/// <summary>The run's verdict, its score 0..100 and the metrics' judgements in input order.</summary>
public sealed record JudgeResult(JudgeVerdict Verdict, double Score, string Reason, IReadOnlyList<MetricJudgement> Metrics);
