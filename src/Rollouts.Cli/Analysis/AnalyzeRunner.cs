using Rollouts.Api.Analysis;
using Rollouts.Engine.Analysis;
using Rollouts.Engine.Judge;
using Rollouts.Engine.Providers;

namespace Rollouts.Cli.Analysis;

/// <summary>One metric measured once: its value and verdict as an analysis run would record them.</summary>
/// <param name="Error">Why the metric could not be measured at all (a missing Secret, no address), naming the field; an analysis run would end in Error on it.</param>
internal sealed record AnalyzedMetric(string Metric, string Phase, string Value, string Message, string? Error = null);

/// <summary>What <c>analyze</c> found for one template: each metric, and the judge's result when it has judge metrics.</summary>
internal sealed record AnalyzeReport(IReadOnlyList<AnalyzedMetric> Metrics, JudgeResult? Judgement, JudgeScoring? Scoring)
{
    public bool Successful => Metrics.All(m => m.Phase == AnalysisPhase.Successful && m.Error is null);
}

/// <summary>
/// <c>analyze -f TEMPLATE</c>: measures every metric of a template once, now, with the real providers, through the
/// operator's own measuring code (<see cref="MetricMeasurer"/>): the same addresses, credentials and CA certificates
/// read from Secrets, conditions, and the judge over range queries, with the judge metrics judged together.
/// </summary>
internal static class AnalyzeRunner
{
    public static async Task<AnalyzeReport> RunAsync(AnalysisTemplateSpec spec, IReadOnlyDictionary<string, string> given, ISecretSource secrets,
        ProviderDefaults defaults, TimeProvider time, CancellationToken cancellationToken)
    {
        var run = RunSpec(spec, given);
        using var http = new ProviderHttp(AddressPolicy.Any);
        var measurer = new MetricMeasurer(http, defaults, time);
        var names = (run.Metrics ?? []).Select(m => m.Name ?? "").ToList();
        var outcomes = await measurer.MeasureAsync(run, names, new SecretReader(secrets), cancellationToken).ConfigureAwait(false);
        var metrics = outcomes.Select(o => new AnalyzedMetric(o.Metric, o.Measurement.Phase ?? AnalysisPhase.Error, o.Measurement.Value ?? "-",
            o.EndsRun ? "cannot be measured" : o.Measurement.Message ?? "", o.EndsRun ? o.Measurement.Message ?? "" : null)).ToList();
        return new AnalyzeReport(metrics, outcomes.Select(o => o.Judgement).FirstOrDefault(j => j is not null), run.Judge);
    }

    /// <summary>
    /// The run a Rollout would make of the template alone, defaulted: each argument given with --arg replaces the
    /// template's value or valueFrom; the others stay as written (a valueFrom.secretKeyRef is read at measure time).
    /// </summary>
    /// <exception cref="CliException">An --arg the template does not declare, or an argument left without a value.</exception>
    public static AnalysisRunSpec RunSpec(AnalysisTemplateSpec spec, IReadOnlyDictionary<string, string> given)
    {
        var declared = spec.Args ?? [];
        var unknown = given.Keys.Where(k => !declared.Any(a => a.Name == k)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliException($"--arg {string.Join(", ", unknown)}: the template has no such argument; its arguments are: {string.Join(", ", declared.Select(a => a.Name))}");
        }

        var missing = declared.Where(a => !given.ContainsKey(a.Name ?? "") && a.Value is null && a.ValueFrom?.SecretKeyRef is null)
            .Select(a => a.Name ?? "").ToList();
        if (missing.Count > 0)
        {
            throw new CliException($"the template's argument{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} need{(missing.Count > 1 ? "" : "s")} a value: add --arg {missing[0]}=VALUE");
        }

        var args = declared.Select(a => given.TryGetValue(a.Name ?? "", out var value) ? a with { Value = value, ValueFrom = null } : a).ToList();
        var run = new AnalysisRun
        {
            Spec = new AnalysisRunSpec
            {
                Args = args,
                Metrics = spec.Metrics,
                DryRun = spec.DryRun,
                MeasurementRetention = spec.MeasurementRetention,
                Judge = spec.Judge,
            },
        };
        return AnalysisDefaulting.Apply(run).Spec!;
    }
}
