using Rollouts.Api.Common;
using Rollouts.Kubernetes.Models;
using static Rollouts.Api.Common.FieldErrors;

namespace Rollouts.Api.Analysis;

// spec.metrics[i]: names, timing, limits, missing data and the provider.
public static partial class AnalysisValidation
{
    private const string Providers = "prometheus, web or judge";

    private static readonly Dictionary<string, string> NotSupportedProviders = new(StringComparer.Ordinal)
    {
        ["job"] = $"a provider is one of {Providers}",
        ["datadog"] = $"a provider is one of {Providers}",
        ["newRelic"] = $"a provider is one of {Providers}",
        ["wavefront"] = $"a provider is one of {Providers}",
        ["kayenta"] = $"a provider is one of {Providers}; provider.judge compares canary and baseline",
        ["cloudWatch"] = $"a provider is one of {Providers}",
        ["graphite"] = $"a provider is one of {Providers}",
        ["influxdb"] = $"a provider is one of {Providers}",
        ["skywalking"] = $"a provider is one of {Providers}",
        ["plugin"] = $"a provider is one of {Providers}",
    };

    private static void ValidateMetric(Metric metric, string path, HashSet<string> names, FieldErrors errors)
    {
        errors.UnknownFields<Metric>(path, metric.UnknownFields);
        if (string.IsNullOrWhiteSpace(metric.Name))
        {
            errors.Required(Child(path, "name"), "each metric needs a name, unique in the analysis");
        }
        else if (!names.Add(metric.Name))
        {
            errors.Add(Child(path, "name"), ValidationReason.Conflict, $"metric \"{metric.Name}\" is declared twice; metric names must be unique");
        }

        ValidateDuration(metric.Interval, Child(path, "interval"), allowZero: false, errors);
        ValidateDuration(metric.InitialDelay, Child(path, "initialDelay"), allowZero: true, errors);
        errors.AtLeast(Child(path, "count"), metric.Count, 1);
        errors.AtLeast(Child(path, "failureLimit"), metric.FailureLimit, 0);
        errors.AtLeast(Child(path, "inconclusiveLimit"), metric.InconclusiveLimit, 0);
        errors.AtLeast(Child(path, "consecutiveErrorLimit"), metric.ConsecutiveErrorLimit, 0);
        if (metric.MissingData is { } missing)
        {
            ValidateMissingData(missing, Child(path, "missingData"), errors);
        }

        if (metric.Provider is not { } provider)
        {
            errors.Required(Child(path, "provider"), $"each metric needs a provider: {Providers}");
            return;
        }

        ValidateProvider(provider, Child(path, "provider"), errors);
        if (provider.Judge is not null)
        {
            foreach (var (field, condition) in new[] { ("successCondition", metric.SuccessCondition), ("failureCondition", metric.FailureCondition) })
            {
                if (condition is not null)
                {
                    errors.Add(Child(path, field), ValidationReason.Conflict,
                        $"a judge metric is decided by its comparison of canary and baseline, not by {field}; remove {field}");
                }
            }
        }
    }

    /// <summary>Reports a duration that does not parse, is negative or (unless <paramref name="allowZero"/>) is zero.</summary>
    private static TimeSpan? ValidateDuration(IntOrString? value, string path, bool allowZero, FieldErrors errors)
    {
        if (value is not { } written)
        {
            return null;
        }

        if (!Durations.TryParse(written, out var duration, out var error))
        {
            errors.Add(path, ValidationReason.InvalidFormat, $"{Name(path)} \"{written}\" is not a duration: {error}");
            return null;
        }

        if (duration < TimeSpan.Zero || (!allowZero && duration == TimeSpan.Zero))
        {
            errors.OutOfRange(path, $"{Name(path)} is {written}; it must be {(allowZero ? "0 or more" : "more than 0")}");
            return null;
        }

        return duration;
    }

    private static void ValidateMissingData(MissingDataRules missing, string path, FieldErrors errors)
    {
        errors.UnknownFields<MissingDataRules>(path, missing.UnknownFields);
        Check(missing.Empty, "empty", [AnalysisPhase.Inconclusive, AnalysisPhase.Error]);
        Check(missing.Nan, "nan", [AnalysisPhase.Inconclusive, AnalysisPhase.Failed, AnalysisPhase.Error]);

        void Check(string? phase, string field, string[] allowed)
        {
            if (phase is null || allowed.Contains(phase))
            {
                return;
            }

            var why = phase == AnalysisPhase.Successful ? "missing data never counts as success; " : "";
            errors.Add(Child(path, field), ValidationReason.Invalid, $"\"{phase}\" is not allowed here; {why}use {string.Join(" or ", allowed)}");
        }
    }

    private static void ValidateProvider(MetricProvider provider, string path, FieldErrors errors)
    {
        errors.UnknownFields<MetricProvider>(path, provider.UnknownFields, NotSupportedProviders, what: "provider");
        var kinds = new[] { ("prometheus", provider.Prometheus is not null), ("web", provider.Web is not null), ("judge", provider.Judge is not null) }
            .Where(k => k.Item2).Select(k => k.Item1).ToArray();
        if (kinds.Length == 0 && provider.UnknownFields is null or { Count: 0 })
        {
            errors.Add(path, ValidationReason.ExactlyOneOf, $"the provider is empty; a provider is one of {Providers}");
        }
        else if (kinds.Length > 1)
        {
            errors.Add(path, ValidationReason.ExactlyOneOf,
                $"the provider has {string.Join(" and ", kinds)}; a metric has exactly one provider, so write one metric for each");
        }

        if (provider.Prometheus is { } prometheus)
        {
            ValidatePrometheus(prometheus, Child(path, "prometheus"), errors);
        }

        if (provider.Web is { } web)
        {
            ValidateWeb(web, Child(path, "web"), errors);
        }

        if (provider.Judge is { } judge)
        {
            ValidateJudge(judge, Child(path, "judge"), errors);
        }
    }
}
