using System.Globalization;
using Rollouts.Api.Analysis;
using Rollouts.Api.Common;
using Rollouts.Engine.Analysis;
using Rollouts.Engine.Judge;
using Rollouts.Engine.Providers;
using Rollouts.Engine.Providers.Prometheus;
using ApiJudgeMetric = Rollouts.Api.Analysis.JudgeMetric;
using EngineJudgeMetric = Rollouts.Engine.Judge.JudgeMetric;

namespace Rollouts.Engine.Analysis;

/// <summary>
/// Measures a run's judge metrics together, as docs/judge.md describes: for every judge metric of the run, two
/// range queries (canary and baseline) over the last lookback at its step; then one judgement of all of them
/// with the run's spec.judge thresholds. Each due judge metric records a measurement whose phase is the judge's
/// verdict on the run (weights, critical metrics and thresholds decide, not the metric alone), whose value is the
/// score, and whose message gives the verdict's reason and the metric's own judgement.
/// </summary>
internal sealed class JudgeMeasurement(ProviderSettings settings, PrometheusProvider prometheus, TimeProvider time)
{
    public async Task<IReadOnlyList<MetricOutcome>> MeasureAsync(AnalysisRunSpec spec, IReadOnlySet<string> due,
        IReadOnlyDictionary<string, string> args, SecretReader secrets, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var started = WholeSeconds.Floor(now);
        var metrics = spec.Metrics ?? [];
        var samples = new List<Task<(EngineJudgeMetric? Metric, string? Error, bool EndsRun)>>();
        for (var i = 0; i < metrics.Count; i++)
        {
            if (metrics[i].Provider?.Judge is { } judge)
            {
                samples.Add(SampleAsync(metrics[i].Name ?? "", judge, $"spec.metrics[{i}].provider.judge", args, secrets, now, cancellationToken));
            }
        }

        var sampled = await Task.WhenAll(samples).ConfigureAwait(false);
        if (sampled.FirstOrDefault(s => s.Error is not null) is { Error: { } error } failed)
        {
            return [.. due.Select(name => failed.EndsRun
                ? MetricMeasurer.Ending(name, error, started)
                : new MetricOutcome(name, ErrorMeasurement(error, started, WholeSeconds.Floor(time.GetUtcNow()))))];
        }

        JudgeResult result;
        try
        {
            result = CanaryJudge.Judge([.. sampled.Select(s => s.Metric!)], new JudgeOptions
            {
                PassThreshold = spec.Judge?.PassScore ?? AnalysisDefaults.PassScore,
                MarginalThreshold = spec.Judge?.MarginalScore ?? AnalysisDefaults.MarginalScore,
            });
        }
        catch (ArgumentException e)
        {
            var message = $"the judge refused its parameters: {e.Message}";
            return [.. due.Select(name => MetricMeasurer.Ending(name, message, started))];
        }

        var finished = WholeSeconds.Floor(time.GetUtcNow());
        var verdict = MeasurementEvaluator.FromJudge(result, started, finished);
        return [.. due.Select(name =>
        {
            var own = result.Metrics.FirstOrDefault(m => m.Name == name);
            var message = own is null ? verdict.Message : $"{verdict.Message}; this metric: {own.Verdict}: {own.Reason}";
            return new MetricOutcome(name, verdict with { Message = MeasurementRecording.Bound(message, MeasurementRecording.MaxMessageLength) }, Judgement: result);
        })];
    }

    private async Task<(EngineJudgeMetric? Metric, string? Error, bool EndsRun)> SampleAsync(string name, ApiJudgeMetric judge, string path,
        IReadOnlyDictionary<string, string> args, SecretReader secrets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (canary, baseline, error) = await settings.JudgeAsync(judge, path, args, secrets, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return (null, $"judge metric \"{name}\": {error}", true);
        }

        var lookback = Duration(judge.Lookback, AnalysisDefaults.JudgeLookback);
        var step = Duration(judge.Step, AnalysisDefaults.JudgeStep);
        if ((lookback.Error ?? step.Error) is { } durationError)
        {
            return (null, $"judge metric \"{name}\": {path}: {durationError}", true);
        }

        var range = new PrometheusRange(now - lookback.Value, now, step.Value);
        var canaryAnswer = prometheus.QueryRangeAsync(canary!, args, range, cancellationToken);
        var baselineAnswer = prometheus.QueryRangeAsync(baseline!, args, range, cancellationToken);
        var answers = await Task.WhenAll(canaryAnswer, baselineAnswer).ConfigureAwait(false);
        if ((answers[0].ErrorMessage ?? answers[1].ErrorMessage) is { } queryError)
        {
            var which = answers[0].IsError ? "canaryQuery" : "baselineQuery";
            return (null, $"judge metric \"{name}\": {which}: {queryError}", false);
        }

        return (new EngineJudgeMetric
        {
            Name = name,
            Canary = Values(answers[0]),
            Baseline = Values(answers[1]),
            Direction = judge.Direction switch
            {
                Api.Analysis.JudgeDirection.Increase => Engine.Judge.JudgeDirection.Increase,
                Api.Analysis.JudgeDirection.Decrease => Engine.Judge.JudgeDirection.Decrease,
                _ => Engine.Judge.JudgeDirection.Either,
            },
            ConfidenceLevel = judge.ConfidenceLevel ?? AnalysisDefaults.JudgeConfidenceLevel,
            AllowedEffect = judge.AllowedEffect ?? AnalysisDefaults.JudgeAllowedEffect,
            MinSamples = judge.MinSamples ?? AnalysisDefaults.JudgeMinSamples,
            Weight = judge.Weight ?? AnalysisDefaults.JudgeWeight,
            Critical = judge.Critical ?? false,
        }, null, false);
    }

    /// <summary>Every sample of every series the range query returned.</summary>
    private static double[] Values(ProviderOutcome answer) =>
        [.. (answer.Result?.Series ?? []).SelectMany(s => s.Samples).Select(s => s.Value)];

    private static (TimeSpan Value, string? Error) Duration(Kubernetes.Models.IntOrString? written, string fallback)
    {
        var value = written ?? Kubernetes.Models.IntOrString.FromText(fallback);
        return Durations.TryParse(value, out var duration, out var error) ? (duration, null) : (TimeSpan.Zero, error);
    }

    private static Measurement ErrorMeasurement(string message, DateTimeOffset started, DateTimeOffset finished) => new()
    {
        Phase = AnalysisPhase.Error,
        Message = MeasurementRecording.Bound(message, MeasurementRecording.MaxMessageLength),
        StartedAt = started,
        FinishedAt = finished,
    };
}
