using System.Globalization;

namespace Rollouts.Engine.Judge;

/// <summary>
/// Judges a canary against its baseline, metric by metric, with the Mann–Whitney U test and the Hodges–Lehmann
/// shift, then scores the run. Pure: no I/O, no clock, no randomness. The method is documented in docs/judge.md.
/// </summary>
public static class CanaryJudge
{
    /// <exception cref="ArgumentException">A metric or the options have invalid parameters; the message lists them.</exception>
    public static JudgeResult Judge(IReadOnlyList<JudgeMetric> metrics, JudgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        options ??= JudgeOptions.Default;
        var errors = options.Validate().Concat(metrics.SelectMany(m => m.Validate())).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(metrics));
        }

        var judgements = metrics.Select(JudgeOne).ToList();
        var (verdict, score, reason) = Score(judgements, options);
        return new JudgeResult(verdict, score, reason, judgements);
    }

    /// <summary>The verdict on one metric.</summary>
    /// <exception cref="ArgumentException">The metric has invalid parameters; the message lists them.</exception>
    public static MetricJudgement JudgeOne(JudgeMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (metric.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(metric));
        }

        var canary = metric.Canary.Where(double.IsFinite).ToArray();
        var baseline = metric.Baseline.Where(double.IsFinite).ToArray();
        var judgement = new MetricJudgement(
            metric.Name, MetricVerdict.Inconclusive, "", canary.Length, baseline.Length,
            metric.Canary.Count - canary.Length, metric.Baseline.Count - baseline.Length, null, null, null, metric.Weight, metric.Critical);
        if (canary.Length < metric.MinSamples || baseline.Length < metric.MinSamples)
        {
            return judgement with
            {
                Reason = Format(
                    $"too few samples: canary {canary.Length}, baseline {baseline.Length}, at least {metric.MinSamples} each needed (dropped as NaN or infinite: canary {judgement.CanaryDropped}, baseline {judgement.BaselineDropped})"),
            };
        }

        var alternative = metric.Direction switch
        {
            JudgeDirection.Increase => MannWhitneyAlternative.Greater,
            JudgeDirection.Decrease => MannWhitneyAlternative.Less,
            _ => MannWhitneyAlternative.TwoSided,
        };
        var test = MannWhitney.Test(canary, baseline, alternative);
        var shift = HodgesLehmann.Estimate(canary, baseline);
        var baselineMedian = Math.Abs(HodgesLehmann.Median([.. baseline]));
        var relative = baselineMedian > 0 ? shift / baselineMedian : shift == 0 ? 0 : Math.Sign(shift) * double.PositiveInfinity;
        var alpha = 1 - metric.ConfidenceLevel;
        var significant = test.PValue < alpha;
        var tooLarge = metric.Direction switch
        {
            JudgeDirection.Increase => relative > metric.AllowedEffect,
            JudgeDirection.Decrease => relative < -metric.AllowedEffect,
            _ => Math.Abs(relative) > metric.AllowedEffect,
        };
        var failed = significant && tooLarge;
        var change = metric.Direction switch
        {
            JudgeDirection.Increase => "increase",
            JudgeDirection.Decrease => "decrease",
            _ => "change",
        };
        var numbers = Format(
            $"p = {test.PValue:G4} ({(test.Exact ? "exact" : "normal approximation")}, U = {test.U:G6}), shift {shift:G4} = {relative:P1} of the baseline median, allowed {metric.AllowedEffect:P1}");
        var reason = (failed, significant) switch
        {
            (true, _) => Format($"significant {change}: p < {alpha:G4} and the shift exceeds the allowed effect; {numbers}"),
            (false, true) => Format($"significant but allowed shift: {numbers}"),
            _ => Format($"no significant {change} at confidence {metric.ConfidenceLevel:G4}: {numbers}"),
        };
        return judgement with
        {
            Verdict = failed ? MetricVerdict.Fail : MetricVerdict.Pass,
            Reason = reason,
            Test = test,
            Shift = shift,
            RelativeShift = relative,
        };
    }

    private static (JudgeVerdict Verdict, double Score, string Reason) Score(IReadOnlyList<MetricJudgement> metrics, JudgeOptions options)
    {
        var total = metrics.Sum(m => m.Weight);
        if (metrics.Count == 0 || total <= 0)
        {
            return (JudgeVerdict.Inconclusive, 0, metrics.Count == 0 ? "no metrics to judge" : "the metrics' weights add up to 0");
        }

        double WeightOf(MetricVerdict verdict) => metrics.Where(m => m.Verdict == verdict).Sum(m => m.Weight);
        var score = 100 * WeightOf(MetricVerdict.Pass) / total;
        var bestScore = 100 * (1 - WeightOf(MetricVerdict.Fail) / total);
        var inconclusiveShare = WeightOf(MetricVerdict.Inconclusive) / total;
        var scoreText = Format($"score {score:0.##}");

        if (metrics.FirstOrDefault(m => m.Critical && m.Verdict == MetricVerdict.Fail) is { } criticalFail)
        {
            return (JudgeVerdict.Fail, score, $"critical metric '{criticalFail.Name}' failed: {criticalFail.Reason}");
        }

        if (metrics.FirstOrDefault(m => m.Critical && m.Verdict == MetricVerdict.Inconclusive) is { } criticalUnknown)
        {
            return (JudgeVerdict.Inconclusive, score, $"critical metric '{criticalUnknown.Name}' is inconclusive: {criticalUnknown.Reason}");
        }

        if (bestScore < options.MarginalThreshold)
        {
            return (JudgeVerdict.Fail, score, Format(
                $"{scoreText}; failing metrics alone keep it below {options.MarginalThreshold:0.##}: {Names(metrics, MetricVerdict.Fail)}"));
        }

        if (score < options.PassThreshold && inconclusiveShare > options.MaxInconclusiveShare)
        {
            return (JudgeVerdict.Inconclusive, score, Format(
                $"{scoreText}; {inconclusiveShare:P0} of the weight is inconclusive (more than {options.MaxInconclusiveShare:P0}): {Names(metrics, MetricVerdict.Inconclusive)}"));
        }

        if (score >= options.PassThreshold)
        {
            return (JudgeVerdict.Pass, score, Format($"{scoreText} >= {options.PassThreshold:0.##}"));
        }

        return score >= options.MarginalThreshold
            ? (JudgeVerdict.Marginal, score, Format($"{scoreText} is below {options.PassThreshold:0.##}; not passing: {NotPassing(metrics)}"))
            : (JudgeVerdict.Fail, score, Format($"{scoreText} is below {options.MarginalThreshold:0.##}; not passing: {NotPassing(metrics)}"));
    }

    private static string Names(IEnumerable<MetricJudgement> metrics, MetricVerdict verdict) =>
        string.Join(", ", metrics.Where(m => m.Verdict == verdict).Select(m => m.Name));

    private static string NotPassing(IEnumerable<MetricJudgement> metrics) =>
        string.Join(", ", metrics.Where(m => m.Verdict != MetricVerdict.Pass).Select(m => $"{m.Name} ({m.Verdict})"));

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
