using System.Globalization;
using Rollouts.Api.Analysis;
using Rollouts.Engine.Providers;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Analysis;

/// <summary>Metrics, provider answers and measurements written compactly for the analysis tables.</summary>
internal static class AnalysisTestValues
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static Metric Metric(
        string name = "success-rate",
        string? success = null,
        string? failure = null,
        int? count = null,
        string? interval = null,
        string? initialDelay = null,
        int? failureLimit = null,
        int? inconclusiveLimit = null,
        int? consecutiveErrorLimit = null,
        string? empty = null,
        string? nan = null) => new()
        {
            Name = name,
            SuccessCondition = success,
            FailureCondition = failure,
            Count = count,
            Interval = interval is null ? (IntOrString?)null : IntOrString.FromText(interval),
            InitialDelay = initialDelay is null ? (IntOrString?)null : IntOrString.FromText(initialDelay),
            FailureLimit = failureLimit,
            InconclusiveLimit = inconclusiveLimit,
            ConsecutiveErrorLimit = consecutiveErrorLimit,
            MissingData = empty is null && nan is null ? null : new MissingDataRules { Empty = empty, Nan = nan },
            Provider = new MetricProvider { Prometheus = new PrometheusMetric { Address = "http://prometheus:9090", Query = "up" } },
        };

    /// <summary>
    /// A provider answer: "error: why" is a failure, "scalar 0.5" a scalar, "text abc" a string, and "[0.5, NaN]"
    /// a vector with one series per value ("[]" matches nothing).
    /// </summary>
    public static ProviderOutcome Outcome(string text)
    {
        if (text.StartsWith("error: ", StringComparison.Ordinal))
        {
            return ProviderOutcome.Failure(text["error: ".Length..]);
        }

        if (text.StartsWith("scalar ", StringComparison.Ordinal))
        {
            return ProviderOutcome.Success(QueryResult.Scalar(T0, Number(text["scalar ".Length..])));
        }

        if (text.StartsWith("text", StringComparison.Ordinal))
        {
            return ProviderOutcome.Success(new QueryResult(ResultKind.String, [], text.Length > 5 ? text[5..] : ""));
        }

        var series = text.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => new MetricSeries(MetricSeries.NoLabels, [new MetricSample(T0, Number(v))]))
            .ToArray();
        return ProviderOutcome.Success(new QueryResult(ResultKind.Vector, series));
    }

    public static Measurement Measured(string phase, int startSeconds, int tookSeconds = 1, string? value = null) => new()
    {
        Phase = phase,
        Value = value,
        StartedAt = T0.AddSeconds(startSeconds),
        FinishedAt = T0.AddSeconds(startSeconds + tookSeconds),
    };

    public static string PhaseOf(char letter) => letter switch
    {
        'S' => AnalysisPhase.Successful,
        'F' => AnalysisPhase.Failed,
        'I' => AnalysisPhase.Inconclusive,
        'E' => AnalysisPhase.Error,
        _ => throw new ArgumentOutOfRangeException(nameof(letter), letter, "use S, F, I or E"),
    };

    private static double Number(string text) => text switch
    {
        "NaN" => double.NaN,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };
}
