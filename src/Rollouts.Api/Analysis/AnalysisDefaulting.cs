using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Analysis;

/// <summary>
/// Fills the fields a user left out with <see cref="AnalysisDefaults"/>, so that the operator reads every setting
/// from the object itself. Pure: the input is not changed, and applying it twice changes nothing more. Fields
/// already set, even to invalid values, are kept for validation to report.
/// </summary>
public static class AnalysisDefaulting
{
    public static AnalysisTemplate Apply(AnalysisTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.Spec is { } spec ? template with { Spec = Apply(spec) } : template;
    }

    public static ClusterAnalysisTemplate Apply(ClusterAnalysisTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.Spec is { } spec ? template with { Spec = Apply(spec) } : template;
    }

    public static AnalysisRun Apply(AnalysisRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Spec is not { } spec)
        {
            return run;
        }

        var metrics = spec.Metrics?.Select(Apply).ToArray();
        return run with { Spec = spec with { Metrics = metrics, Judge = Judge(spec.Judge, metrics) } };
    }

    /// <summary>
    /// The spec with every metric's limits, missing-data rules and provider defaults filled, and the judge scoring
    /// block filled when a metric uses the judge.
    /// </summary>
    public static AnalysisTemplateSpec Apply(AnalysisTemplateSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var metrics = spec.Metrics?.Select(Apply).ToArray();
        return spec with { Metrics = metrics, Judge = Judge(spec.Judge, metrics) };
    }

    public static Metric Apply(Metric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var missing = metric.MissingData ?? new MissingDataRules();
        return metric with
        {
            FailureLimit = metric.FailureLimit ?? AnalysisDefaults.FailureLimit,
            InconclusiveLimit = metric.InconclusiveLimit ?? AnalysisDefaults.InconclusiveLimit,
            ConsecutiveErrorLimit = metric.ConsecutiveErrorLimit ?? AnalysisDefaults.ConsecutiveErrorLimit,
            MissingData = missing with
            {
                Empty = missing.Empty ?? AnalysisDefaults.MissingDataEmpty,
                Nan = missing.Nan ?? AnalysisDefaults.MissingDataNan,
            },
            Provider = metric.Provider is { } provider ? Provider(provider) : null,
        };
    }

    private static MetricProvider Provider(MetricProvider provider) => provider with
    {
        Web = provider.Web is { } web
            ? web with { Method = web.Method ?? AnalysisDefaults.WebMethod, TimeoutSeconds = web.TimeoutSeconds ?? AnalysisDefaults.WebTimeoutSeconds }
            : null,
        Judge = provider.Judge is { } judge
            ? judge with
            {
                Lookback = judge.Lookback ?? IntOrString.FromText(AnalysisDefaults.JudgeLookback),
                Step = judge.Step ?? IntOrString.FromText(AnalysisDefaults.JudgeStep),
                Direction = judge.Direction ?? AnalysisDefaults.JudgeDirection,
                ConfidenceLevel = judge.ConfidenceLevel ?? AnalysisDefaults.JudgeConfidenceLevel,
                AllowedEffect = judge.AllowedEffect ?? AnalysisDefaults.JudgeAllowedEffect,
                MinSamples = judge.MinSamples ?? AnalysisDefaults.JudgeMinSamples,
                Weight = judge.Weight ?? AnalysisDefaults.JudgeWeight,
                Critical = judge.Critical ?? false,
            }
            : null,
    };

    private static JudgeScoring? Judge(JudgeScoring? scoring, IReadOnlyList<Metric>? metrics)
    {
        if (scoring is null && !(metrics ?? []).Any(m => m.Provider?.Judge is not null))
        {
            return null;
        }

        scoring ??= new JudgeScoring();
        return scoring with
        {
            PassScore = scoring.PassScore ?? AnalysisDefaults.PassScore,
            MarginalScore = scoring.MarginalScore ?? AnalysisDefaults.MarginalScore,
        };
    }
}
