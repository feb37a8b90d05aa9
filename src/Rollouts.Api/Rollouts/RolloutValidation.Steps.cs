using Rollouts.Api.Common;
using static Rollouts.Api.Common.FieldErrors;

namespace Rollouts.Api.Rollouts;

// spec.strategy.canary.steps[i] and the analysis blocks (a step's and the background one).
public static partial class RolloutValidation
{
    private const string StepKinds = "setWeight, pause, setCanaryScale, analysis or setHeaderRoute";

    private static readonly Dictionary<string, string> NotSupportedStepKinds = new(StringComparer.Ordinal)
    {
        ["experiment"] = $"a step is one of {StepKinds}",
        ["setMirrorRoute"] = $"a step is one of {StepKinds}",
        ["plugin"] = $"a step is one of {StepKinds}",
    };

    private static readonly Dictionary<string, string> NotSupportedAnalysisFields = new(StringComparer.Ordinal)
    {
        ["dryRun"] = "every metric of an analysis decides its result",
        ["measurementRetention"] = "the operator keeps a fixed number of measurements",
        ["analysisRunMetadata"] = "analysis runs get the operator's labels",
    };

    private static void ValidateStep(CanaryStep step, string path, CanaryStrategy canary, FieldErrors errors)
    {
        errors.UnknownFields<CanaryStep>(path, step.UnknownFields, NotSupportedStepKinds, what: "step kind");
        var kinds = new List<string>();
        if (step.SetWeight is not null)
        {
            kinds.Add("setWeight");
        }

        if (step.Pause is not null)
        {
            kinds.Add("pause");
        }

        if (step.SetCanaryScale is not null)
        {
            kinds.Add("setCanaryScale");
        }

        if (step.Analysis is not null)
        {
            kinds.Add("analysis");
        }

        if (step.SetHeaderRoute is not null)
        {
            kinds.Add("setHeaderRoute");
        }

        if (kinds.Count == 0 && step.UnknownFields is null or { Count: 0 })
        {
            errors.Add(path, ValidationReason.ExactlyOneOf, $"the step is empty; a step is one of {StepKinds}");
        }
        else if (kinds.Count > 1)
        {
            errors.Add(path, ValidationReason.ExactlyOneOf,
                $"the step has {string.Join(" and ", kinds)}; a step has exactly one of {StepKinds}, so write one step for each");
        }

        errors.Between($"{path}.setWeight", step.SetWeight, 0, 100, "weight");
        if (step.Pause is { } pause)
        {
            ValidatePause(pause, $"{path}.pause", errors);
        }

        if (step.SetCanaryScale is { } scale)
        {
            ValidateSetCanaryScale(scale, $"{path}.setCanaryScale", canary, errors);
        }

        if (step.Analysis is { } analysis)
        {
            ValidateAnalysis(analysis, $"{path}.analysis", stepCount: null, errors);
        }

        if (step.SetHeaderRoute is { } headerRoute)
        {
            ValidateSetHeaderRoute(headerRoute, $"{path}.setHeaderRoute", canary, errors);
        }
    }

    private static void ValidatePause(RolloutPause pause, string path, FieldErrors errors)
    {
        errors.UnknownFields<RolloutPause>(path, pause.UnknownFields);
        if (pause.Duration is not { } duration)
        {
            return;
        }

        if (!Durations.TryParse(duration, out var length, out var error))
        {
            errors.Add($"{path}.duration", ValidationReason.InvalidFormat, error);
        }
        else if (length < TimeSpan.Zero)
        {
            errors.OutOfRange($"{path}.duration",
                $"the pause lasts {duration}, which is negative; write 0 or more, or leave duration out to wait for promote");
        }
    }

    private static void ValidateSetCanaryScale(SetCanaryScale scale, string path, CanaryStrategy canary, FieldErrors errors)
    {
        errors.UnknownFields<SetCanaryScale>(path, scale.UnknownFields);
        var set = new[] { ("weight", scale.Weight is not null), ("replicas", scale.Replicas is not null), ("matchTrafficWeight", scale.MatchTrafficWeight is not null) }
            .Where(f => f.Item2).Select(f => f.Item1).ToList();
        if (set.Count != 1)
        {
            var found = set.Count == 0 ? "none" : string.Join(" and ", set);
            errors.Add(path, ValidationReason.ExactlyOneOf,
                $"setCanaryScale has {found}; it needs exactly one of weight, replicas or matchTrafficWeight");
        }

        errors.Between($"{path}.weight", scale.Weight, 0, 100, "weight");
        errors.AtLeast($"{path}.replicas", scale.Replicas, 0);
        if (canary.TrafficRouting is null)
        {
            errors.Add(path, ValidationReason.Conflict,
                $"setCanaryScale needs {CanaryPath}.trafficRouting: without a router, traffic follows the pod counts and the canary cannot be sized apart from its weight");
        }
    }

    /// <summary>A step's analysis (<paramref name="stepCount"/> null) or the background analysis of a canary with that many steps.</summary>
    private static void ValidateAnalysis(RolloutAnalysis analysis, string path, int? stepCount, FieldErrors errors)
    {
        errors.UnknownFields<RolloutAnalysis>(path, analysis.UnknownFields, NotSupportedAnalysisFields);
        var templates = analysis.Templates ?? [];
        if (templates.Count == 0)
        {
            errors.Required($"{path}.templates", "analysis needs at least one template, e.g. templates: [{templateName: success-rate}]");
        }

        for (var i = 0; i < templates.Count; i++)
        {
            var template = Index($"{path}.templates", i);
            errors.UnknownFields<AnalysisTemplateReference>(template, templates[i].UnknownFields);
            if (string.IsNullOrEmpty(templates[i].TemplateName))
            {
                errors.Required($"{template}.templateName", "each template needs the name of an AnalysisTemplate (or a ClusterAnalysisTemplate with clusterScope: true)");
            }
        }

        var args = analysis.Args ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = Index($"{path}.args", i);
            errors.UnknownFields<AnalysisRunArgument>(arg, args[i].UnknownFields);
            if (string.IsNullOrEmpty(args[i].Name))
            {
                errors.Required($"{arg}.name", "each argument needs the name the template knows it by");
            }
            else if (!names.Add(args[i].Name!))
            {
                errors.Add($"{arg}.name", ValidationReason.Conflict, $"argument \"{args[i].Name}\" is given twice");
            }
        }

        ValidateStartingStep(analysis.StartingStep, $"{path}.startingStep", stepCount, errors);
    }

    private static void ValidateStartingStep(int? startingStep, string path, int? stepCount, FieldErrors errors)
    {
        if (startingStep is not { } start)
        {
            return;
        }

        if (stepCount is not { } count)
        {
            errors.Add(path, ValidationReason.NotSupported,
                $"startingStep applies to background analysis only ({CanaryPath}.analysis); an analysis step starts where it stands");
        }
        else if (count == 0)
        {
            errors.OutOfRange(path, $"startingStep is {start} but there are no steps; remove startingStep or add steps");
        }
        else if (start < 0 || start >= count)
        {
            errors.OutOfRange(path, $"startingStep is {start}; it must be a step index from 0 to {count - 1}");
        }
    }
}
