using Rollouts.Api.Common;
using Rollouts.Kubernetes.Models;
using static Rollouts.Api.Common.FieldErrors;

namespace Rollouts.Api.Rollouts;

/// <summary>
/// Checks a Rollout as a user wrote it, for the operator (which sets the InvalidSpec condition and leaves
/// the Rollout as it is) and for the CLI's <c>lint</c>. Every problem is reported, each at its field path.
/// Fields left out are checked with their defaults, so a Rollout after <see cref="RolloutDefaulting.Apply"/>
/// gives the same answer as before.
/// </summary>
public static partial class RolloutValidation
{
    private static readonly Dictionary<string, string> NotSupportedSpecFields = new(StringComparer.Ordinal)
    {
        ["workloadRef"] = "write the pod template in spec.template",
    };

    /// <summary>Every problem in <paramref name="rollout"/>; empty when it is valid.</summary>
    public static IReadOnlyList<ValidationError> Validate(Rollout rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var errors = new FieldErrors();
        if (rollout.ApiVersion != Rollout.GroupVersion)
        {
            errors.Add("apiVersion", ValidationReason.NotSupported,
                $"\"{rollout.ApiVersion}\" is not served by Rollouts; use {Rollout.GroupVersion} (a Rollout written for Argo Rollouts needs only this change)");
        }

        if (rollout.Kind != "Rollout")
        {
            errors.Add("kind", ValidationReason.Invalid, $"\"{rollout.Kind}\" is not a Rollout; kind must be Rollout");
        }

        errors.UnknownFields<Rollout>("", rollout.UnknownFields);
        if (rollout.Spec is not { } spec)
        {
            errors.Required("spec", "a Rollout needs a spec with a selector, a pod template and a strategy");
            return errors.ToList();
        }

        ValidateSpec(spec, errors);
        return errors.ToList();
    }

    /// <summary>The message of the InvalidSpec condition: every error as <c>field: message</c>, separated by "; ".</summary>
    public static string InvalidSpecMessage(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return $"The Rollout is invalid: {string.Join("; ", errors)}";
    }

    private static void ValidateSpec(RolloutSpec spec, FieldErrors errors)
    {
        errors.UnknownFields<RolloutSpec>("spec", spec.UnknownFields, NotSupportedSpecFields);
        errors.AtLeast("spec.replicas", spec.Replicas, 0);
        errors.AtLeast("spec.minReadySeconds", spec.MinReadySeconds, 0);
        errors.AtLeast("spec.revisionHistoryLimit", spec.RevisionHistoryLimit, 0);
        errors.AtLeast("spec.progressDeadlineSeconds", spec.ProgressDeadlineSeconds, 0);
        if (spec.RollbackWindow is { } window)
        {
            errors.UnknownFields<RollbackWindow>("spec.rollbackWindow", window.UnknownFields);
            errors.AtLeast("spec.rollbackWindow.revisions", window.Revisions, 0);
        }

        if (spec.Analysis is { } analysis)
        {
            errors.UnknownFields<RolloutAnalysisHistory>("spec.analysis", analysis.UnknownFields);
            errors.AtLeast("spec.analysis.successfulRunHistoryLimit", analysis.SuccessfulRunHistoryLimit, 0);
            errors.AtLeast("spec.analysis.unsuccessfulRunHistoryLimit", analysis.UnsuccessfulRunHistoryLimit, 0);
        }

        var deadline = spec.ProgressDeadlineSeconds ?? RolloutDefaults.ProgressDeadlineSeconds;
        var minReady = spec.MinReadySeconds ?? 0;
        if (deadline >= 0 && deadline <= minReady)
        {
            var source = spec.ProgressDeadlineSeconds is null ? " (the default)" : "";
            errors.Add("spec.progressDeadlineSeconds", ValidationReason.Conflict,
                $"progressDeadlineSeconds is {deadline}{source}; it must be greater than minReadySeconds ({minReady})");
        }

        var selectorUsable = ValidateSelector(spec.Selector, errors);
        ValidateTemplate(spec.Template, selectorUsable ? spec.Selector : null, errors);
        ValidateStrategy(spec.Strategy, errors);
    }

    /// <summary>Checks the selector; true when it can be evaluated against the template's labels.</summary>
    private static bool ValidateSelector(LabelSelector? selector, FieldErrors errors)
    {
        const string path = "spec.selector";
        if (selector is null)
        {
            errors.Required(path, "a Rollout needs a selector that matches spec.template.metadata.labels, e.g. matchLabels: {app: web}");
            return false;
        }

        errors.UnknownFields<LabelSelector>(path, selector.UnknownFields);
        var expressions = selector.MatchExpressions ?? [];
        if ((selector.MatchLabels?.Count ?? 0) + expressions.Count == 0)
        {
            errors.Add(path, ValidationReason.Invalid,
                "the selector is empty and would select every pod in the namespace; give it matchLabels or matchExpressions");
            return false;
        }

        var usable = true;
        for (var i = 0; i < expressions.Count; i++)
        {
            usable &= ValidateRequirement(expressions[i], Index($"{path}.matchExpressions", i), errors);
        }

        return usable;
    }

    private static bool ValidateRequirement(LabelSelectorRequirement requirement, string path, FieldErrors errors)
    {
        var valid = true;
        errors.UnknownFields<LabelSelectorRequirement>(path, requirement.UnknownFields);
        if (string.IsNullOrEmpty(requirement.Key))
        {
            errors.Required(Child(path, "key"), "a selector expression needs the label key it tests");
            valid = false;
        }

        var count = requirement.Values?.Count ?? 0;
        switch (requirement.Operator)
        {
            case "In" or "NotIn" when count == 0:
                errors.Required(Child(path, "values"), $"operator {requirement.Operator} needs at least one value");
                valid = false;
                break;
            case "Exists" or "DoesNotExist" when count > 0:
                errors.Add(Child(path, "values"), ValidationReason.Invalid, $"operator {requirement.Operator} takes no values, got {count}");
                valid = false;
                break;
            case "In" or "NotIn" or "Exists" or "DoesNotExist":
                break;
            default:
                errors.Add(Child(path, "operator"), ValidationReason.InvalidFormat,
                    $"\"{requirement.Operator}\" is not an operator; use In, NotIn, Exists or DoesNotExist");
                valid = false;
                break;
        }

        return valid;
    }

    private static void ValidateTemplate(PodTemplateSpec? template, LabelSelector? selector, FieldErrors errors)
    {
        const string path = "spec.template";
        if (template is null)
        {
            errors.Required(path, "a Rollout needs a pod template (metadata.labels and spec.containers), as a Deployment does");
            return;
        }

        var labels = template.Metadata?.Labels;
        if (selector is not null && !LabelSelectorMatch.Matches(selector, labels))
        {
            var written = labels is { Count: > 0 }
                ? string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))
                : "none";
            errors.Add($"{path}.metadata.labels", ValidationReason.SelectorMismatch,
                $"the selector ({selector.ToQueryString()}) does not select the template's labels ({written}); the pods a Rollout creates must match its selector");
        }

        var containers = template.Spec?.Containers ?? [];
        if (containers.Count == 0)
        {
            errors.Required($"{path}.spec.containers", "the pod template needs at least one container");
        }

        for (var i = 0; i < containers.Count; i++)
        {
            var container = Index($"{path}.spec.containers", i);
            if (string.IsNullOrEmpty(containers[i].Name))
            {
                errors.Required(Child(container, "name"), "every container needs a name");
            }

            if (string.IsNullOrEmpty(containers[i].Image))
            {
                errors.Required(Child(container, "image"), "every container needs an image");
            }
        }
    }

    private static void ValidateStrategy(RolloutStrategy? strategy, FieldErrors errors)
    {
        const string path = "spec.strategy";
        if (strategy is null)
        {
            errors.Required(path, "a Rollout needs a strategy; write spec.strategy.canary or spec.strategy.blueGreen");
            return;
        }

        errors.UnknownFields<RolloutStrategy>(path, strategy.UnknownFields, what: "strategy");
        if (strategy.Canary is not null && strategy.BlueGreen is not null)
        {
            errors.Add(path, ValidationReason.ExactlyOneOf,
                "the strategy has both canary and blueGreen; a Rollout has exactly one strategy, so remove one of them");
            return;
        }

        if (strategy.Canary is { } onlyCanary)
        {
            ValidateCanary(onlyCanary, errors);
        }
        else if (strategy.BlueGreen is { } blueGreen)
        {
            ValidateBlueGreen(blueGreen, errors);
        }
        else if (strategy.UnknownFields is null or { Count: 0 })
        {
            errors.Required(path, "the strategy is empty; write spec.strategy.canary or spec.strategy.blueGreen");
        }
    }
}
