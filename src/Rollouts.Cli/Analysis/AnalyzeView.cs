using System.Globalization;
using System.Text;
using Rollouts.Api.Analysis;
using Rollouts.Engine.Judge;

namespace Rollouts.Cli.Analysis;

/// <summary>
/// How <c>analyze</c> prints a template's report: one line per metric (verdict, value, message); then, when the
/// template has judge metrics, the judge's verdict on them all and each metric's share of the score.
/// </summary>
internal static class AnalyzeView
{
    public static string Render(string title, AnalyzeReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{title}:\n");
        var width = Math.Max(6, report.Metrics.Max(m => m.Metric.Length));
        Line(text, $"  {"METRIC".PadRight(width)}   {"VERDICT",-12} {"VALUE",-24} MESSAGE");
        foreach (var metric in report.Metrics)
        {
            Line(text, $"  {metric.Metric.PadRight(width)}   {metric.Phase,-12} {metric.Value,-24} {metric.Message}");
        }

        if (report.Judgement is { } judgement)
        {
            Judge(text, judgement, report.Scoring);
        }

        return text.ToString();
    }

    /// <summary>The error lines for standard error: the metrics that could not be measured, with why (naming the field); one line for the metrics one problem stops.</summary>
    public static IEnumerable<string> Errors(AnalyzeReport report) =>
        report.Metrics.Where(m => m.Error is not null).GroupBy(m => m.Error!, StringComparer.Ordinal).Select(same => same.Count() == 1
            ? $"metric \"{same.First().Metric}\" cannot be measured: {same.Key}"
            : $"metrics {string.Join(", ", same.Select(m => $"\"{m.Metric}\""))} cannot be measured: {same.Key}");

    private static void Judge(StringBuilder text, JudgeResult judgement, JudgeScoring? scoring)
    {
        var pass = scoring?.PassScore ?? AnalysisDefaults.PassScore;
        var marginal = scoring?.MarginalScore ?? AnalysisDefaults.MarginalScore;
        Line(text, Format($"  judge: {judgement.Verdict}, score {judgement.Score:0.##} (Pass from {pass}, Marginal from {marginal}): {judgement.Reason}"));
        var total = judgement.Metrics.Sum(m => m.Weight);
        var width = Math.Max(6, judgement.Metrics.Max(m => m.Name.Length));
        Line(text, $"    {"METRIC".PadRight(width)}   {"VERDICT",-12} {"WEIGHT",-8} {"SCORE",-8} {"P",-10} {"SHIFT",-10} SAMPLES");
        foreach (var metric in judgement.Metrics)
        {
            var points = total > 0 && metric.Verdict == MetricVerdict.Pass ? 100 * metric.Weight / total : 0;
            var verdict = metric.Critical ? $"{metric.Verdict}*" : metric.Verdict.ToString();
            var p = metric.Test is { } test ? Format($"{test.PValue:G4}") : "-";
            var shift = metric.RelativeShift is { } relative ? Format($"{relative:+0.0%;-0.0%;0.0%}") : "-";
            Line(text, $"    {metric.Name.PadRight(width)}   {verdict,-12} {Format($"{metric.Weight:0.##}"),-8} {Format($"{points:0.##}"),-8} {p,-10} {shift,-10} canary {metric.CanaryCount}, baseline {metric.BaselineCount}");
        }

        if (judgement.Metrics.Any(m => m.Critical))
        {
            Line(text, "    (* critical: failing it fails the judge)");
        }
    }

    private static void Line(StringBuilder text, string line) => text.Append(line.TrimEnd()).Append('\n');

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
