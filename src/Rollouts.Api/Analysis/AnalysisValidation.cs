using Rollouts.Api.Common;
using Rollouts.Api.Rollouts;
using static Rollouts.Api.Common.FieldErrors;

namespace Rollouts.Api.Analysis;

/// <summary>A metric's success or failure condition and where it is written, for the condition language to check.</summary>
public sealed record MetricCondition(string Field, string Expression);

/// <summary>
/// Checks analysis templates and runs as users wrote them, for the operator and the CLI's <c>lint</c>. Every
/// problem is reported at its field path. Conditions are not parsed here: the condition language lives in the
/// engine, and callers check <see cref="ConditionsOf(AnalysisTemplateSpec, string)"/> with it.
/// </summary>
public static partial class AnalysisValidation
{
    /// <summary>Every problem in <paramref name="template"/>; empty when it is valid.</summary>
    public static IReadOnlyList<ValidationError> Validate(AnalysisTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var errors = new FieldErrors();
        ValidateObject(template.ApiVersion, template.Kind, "AnalysisTemplate", errors);
        errors.UnknownFields<AnalysisTemplate>("", template.UnknownFields);
        ValidateSpec(template.Spec, run: false, errors);
        return errors.ToList();
    }

    /// <inheritdoc cref="Validate(AnalysisTemplate)"/>
    public static IReadOnlyList<ValidationError> Validate(ClusterAnalysisTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var errors = new FieldErrors();
        ValidateObject(template.ApiVersion, template.Kind, "ClusterAnalysisTemplate", errors);
        errors.UnknownFields<ClusterAnalysisTemplate>("", template.UnknownFields);
        ValidateSpec(template.Spec, run: false, errors);
        return errors.ToList();
    }

    /// <summary>Every problem in <paramref name="run"/>; as for a template, and every argument must have a value.</summary>
    public static IReadOnlyList<ValidationError> Validate(AnalysisRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var errors = new FieldErrors();
        ValidateObject(run.ApiVersion, run.Kind, "AnalysisRun", errors);
        errors.UnknownFields<AnalysisRun>("", run.UnknownFields);
        var spec = run.Spec is { } s
            ? new AnalysisTemplateSpec { Args = s.Args, Metrics = s.Metrics, DryRun = s.DryRun, MeasurementRetention = s.MeasurementRetention, Judge = s.Judge }
            : null;
        if (run.Spec is { } runSpec)
        {
            errors.UnknownFields<AnalysisRunSpec>("spec", runSpec.UnknownFields);
        }

        ValidateSpec(spec, run: true, errors);
        return errors.ToList();
    }

    /// <summary>Every successCondition and failureCondition of <paramref name="spec"/>'s metrics, with its field path.</summary>
    public static IReadOnlyList<MetricCondition> ConditionsOf(AnalysisTemplateSpec spec, string path = "spec")
    {
        ArgumentNullException.ThrowIfNull(spec);
        var conditions = new List<MetricCondition>();
        var metrics = spec.Metrics ?? [];
        for (var i = 0; i < metrics.Count; i++)
        {
            var metric = Index(Child(path, "metrics"), i);
            if (!string.IsNullOrWhiteSpace(metrics[i].SuccessCondition))
            {
                conditions.Add(new MetricCondition(Child(metric, "successCondition"), metrics[i].SuccessCondition!));
            }

            if (!string.IsNullOrWhiteSpace(metrics[i].FailureCondition))
            {
                conditions.Add(new MetricCondition(Child(metric, "failureCondition"), metrics[i].FailureCondition!));
            }
        }

        return conditions;
    }

    /// <inheritdoc cref="ConditionsOf(AnalysisTemplateSpec, string)"/>
    public static IReadOnlyList<MetricCondition> ConditionsOf(AnalysisTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.Spec is { } spec ? ConditionsOf(spec) : [];
    }

    /// <inheritdoc cref="ConditionsOf(AnalysisTemplateSpec, string)"/>
    public static IReadOnlyList<MetricCondition> ConditionsOf(ClusterAnalysisTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template.Spec is { } spec ? ConditionsOf(spec) : [];
    }

    private static void ValidateObject(string apiVersion, string kind, string expectedKind, FieldErrors errors)
    {
        if (apiVersion != Rollout.GroupVersion)
        {
            errors.Add("apiVersion", ValidationReason.NotSupported,
                $"\"{apiVersion}\" is not served by Rollouts; use {Rollout.GroupVersion} (a template written for Argo Rollouts needs only this change)");
        }

        if (kind != expectedKind)
        {
            errors.Add("kind", ValidationReason.Invalid, $"\"{kind}\" is not an {expectedKind}; kind must be {expectedKind}");
        }
    }

    private static void ValidateSpec(AnalysisTemplateSpec? spec, bool run, FieldErrors errors)
    {
        if (spec is null)
        {
            errors.Required("spec", "an analysis needs a spec with at least one metric");
            return;
        }

        if (!run)
        {
            errors.UnknownFields<AnalysisTemplateSpec>("spec", spec.UnknownFields);
        }

        var declared = ValidateArgs(spec.Args, "spec.args", run, errors);
        var metrics = spec.Metrics ?? [];
        if (metrics.Count == 0)
        {
            errors.Required("spec.metrics", "an analysis needs at least one metric, e.g. metrics: [{name: success-rate, provider: {prometheus: {query: ...}}}]");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < metrics.Count; i++)
        {
            var path = Index("spec.metrics", i);
            ValidateMetric(metrics[i], path, names, errors);
            foreach (var reference in ArgumentReferences.Find(metrics[i], path).Distinct().Where(r => !declared.Contains(r.Name)))
            {
                var suggestion = NameSuggestion.Nearest(reference.Name, declared);
                var hint = suggestion is null ? "" : $" (did you mean \"{suggestion}\"?)";
                errors.Add(reference.Field, ValidationReason.Invalid,
                    $"argument \"{reference.Name}\" is used as {{{{args.{reference.Name}}}}} but not declared in spec.args{hint}; declare it: args: [{{name: {reference.Name}}}]");
            }
        }

        var dryRun = spec.DryRun ?? [];
        for (var i = 0; i < dryRun.Count; i++)
        {
            var entry = Index("spec.dryRun", i);
            errors.UnknownFields<DryRunMetric>(entry, dryRun[i].UnknownFields);
            ValidateMetricName(dryRun[i].MetricName, Child(entry, "metricName"), names, errors);
        }

        var retention = spec.MeasurementRetention ?? [];
        for (var i = 0; i < retention.Count; i++)
        {
            var entry = Index("spec.measurementRetention", i);
            errors.UnknownFields<MeasurementRetention>(entry, retention[i].UnknownFields);
            ValidateMetricName(retention[i].MetricName, Child(entry, "metricName"), names, errors);
            if (retention[i].Limit is null)
            {
                errors.Required(Child(entry, "limit"), "measurementRetention needs a limit, the number of measurements kept");
            }

            errors.AtLeast(Child(entry, "limit"), retention[i].Limit, 1);
        }

        ValidateJudgeScoring(spec.Judge, errors);
    }

    /// <summary>Checks the arguments; returns the names declared.</summary>
    private static HashSet<string> ValidateArgs(IReadOnlyList<AnalysisArgument>? args, string path, bool run, FieldErrors errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        args ??= [];
        for (var i = 0; i < args.Count; i++)
        {
            ValidateArg(args[i], Index(path, i), run, names, errors);
        }

        return names;
    }

    /// <summary>Checks one argument (of a template, a run, or passed by a Rollout) and adds its name to <paramref name="names"/>.</summary>
    internal static void ValidateArg(AnalysisArgument arg, string path, bool needsValue, HashSet<string> names, FieldErrors errors)
    {
        errors.UnknownFields<AnalysisArgument>(path, arg.UnknownFields);
        if (string.IsNullOrEmpty(arg.Name))
        {
            errors.Required(Child(path, "name"), "each argument needs a name, used in metrics as {{args.name}}");
        }
        else if (!names.Add(arg.Name))
        {
            errors.Add(Child(path, "name"), ValidationReason.Conflict, $"argument \"{arg.Name}\" is declared twice");
        }

        if (arg.Value is not null && arg.ValueFrom is not null)
        {
            errors.Add(path, ValidationReason.ExactlyOneOf, $"argument \"{arg.Name}\" has both value and valueFrom; give exactly one");
        }
        else if (needsValue && arg.Value is null && arg.ValueFrom is null)
        {
            errors.Required(Child(path, "value"), $"argument \"{arg.Name}\" has no value; give value or valueFrom");
        }

        if (arg.ValueFrom is { } from)
        {
            ValidateValueFrom(from, Child(path, "valueFrom"), errors);
        }
    }

    private static void ValidateValueFrom(ArgumentValueFrom from, string path, FieldErrors errors)
    {
        errors.UnknownFields<ArgumentValueFrom>(path, from.UnknownFields);
        var set = new[] { ("secretKeyRef", from.SecretKeyRef is not null), ("fieldRef", from.FieldRef is not null), ("podTemplateHashValue", from.PodTemplateHashValue is not null) }
            .Where(s => s.Item2).Select(s => s.Item1).ToArray();
        if (set.Length != 1)
        {
            errors.Add(path, ValidationReason.ExactlyOneOf,
                $"valueFrom has {(set.Length == 0 ? "nothing" : string.Join(" and ", set))}; give exactly one of secretKeyRef, fieldRef or podTemplateHashValue");
        }

        if (from.SecretKeyRef is { } secret)
        {
            ValidateSecretKey(secret, Child(path, "secretKeyRef"), errors);
        }

        if (from.FieldRef is { } field)
        {
            errors.UnknownFields<FieldReference>(Child(path, "fieldRef"), field.UnknownFields);
            if (string.IsNullOrEmpty(field.FieldPath))
            {
                errors.Required(Child(path, "fieldRef.fieldPath"), "fieldRef needs a fieldPath, e.g. metadata.name");
            }
        }

        if (from.PodTemplateHashValue is { } hash && hash is not (PodTemplateHashValue.Stable or PodTemplateHashValue.Latest))
        {
            errors.Add(Child(path, "podTemplateHashValue"), ValidationReason.Invalid,
                $"\"{hash}\" is not a pod-template hash; use {PodTemplateHashValue.Stable} or {PodTemplateHashValue.Latest}");
        }
    }

    private static void ValidateSecretKey(SecretKeyReference secret, string path, FieldErrors errors)
    {
        errors.UnknownFields<SecretKeyReference>(path, secret.UnknownFields);
        if (string.IsNullOrEmpty(secret.Name))
        {
            errors.Required(Child(path, "name"), "a Secret reference needs the Secret's name");
        }

        if (string.IsNullOrEmpty(secret.Key))
        {
            errors.Required(Child(path, "key"), "a Secret reference needs the key in the Secret's data");
        }
    }

    private static void ValidateMetricName(string? name, string path, HashSet<string> metrics, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Required(path, "give the name of a metric of spec.metrics");
        }
        else if (!metrics.Contains(name))
        {
            var suggestion = NameSuggestion.Nearest(name, metrics);
            var hint = suggestion is null ? "" : $" (did you mean \"{suggestion}\"?)";
            errors.Add(path, ValidationReason.Invalid, $"\"{name}\" is not a metric of this analysis{hint}; metrics: {string.Join(", ", metrics)}");
        }
    }

    private static void ValidateJudgeScoring(JudgeScoring? scoring, FieldErrors errors)
    {
        if (scoring is null)
        {
            return;
        }

        errors.UnknownFields<JudgeScoring>("spec.judge", scoring.UnknownFields);
        errors.Between("spec.judge.passScore", scoring.PassScore, 0, 100, "passScore");
        errors.Between("spec.judge.marginalScore", scoring.MarginalScore, 0, 100, "marginalScore");
        var pass = scoring.PassScore ?? AnalysisDefaults.PassScore;
        var marginal = scoring.MarginalScore ?? AnalysisDefaults.MarginalScore;
        if (marginal > pass)
        {
            errors.Add("spec.judge.marginalScore", ValidationReason.Conflict,
                $"marginalScore ({marginal}) is above passScore ({pass}); a score between them is Inconclusive, so marginalScore must not be higher");
        }
    }
}
