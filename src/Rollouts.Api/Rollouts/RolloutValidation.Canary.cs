using Rollouts.Api.Common;
using Rollouts.Kubernetes.Models;
using static Rollouts.Api.Common.FieldErrors;

namespace Rollouts.Api.Rollouts;

// spec.strategy.canary as a whole: services, surge and unavailability, delays, metadata, then its parts.
public static partial class RolloutValidation
{
    private const string CanaryPath = "spec.strategy.canary";

    private static readonly Dictionary<string, string> NotSupportedCanaryFields = new(StringComparer.Ordinal)
    {
        ["antiAffinity"] = "set pod anti-affinity in the pod template",
        ["pingPong"] = "use stableService and canaryService",
        ["minPodsPerReplicaSet"] = "the canary runs at least one pod whenever its weight is above 0",
        ["replicaProgressThreshold"] = "a step waits until all of its pods are available",
    };

    private static void ValidateCanary(CanaryStrategy canary, FieldErrors errors)
    {
        errors.UnknownFields<CanaryStrategy>(CanaryPath, canary.UnknownFields, NotSupportedCanaryFields);
        ValidateServices(canary, errors);
        ValidateSurge(canary, errors);
        errors.AtLeast($"{CanaryPath}.scaleDownDelaySeconds", canary.ScaleDownDelaySeconds, 0);
        errors.AtLeast($"{CanaryPath}.abortScaleDownDelaySeconds", canary.AbortScaleDownDelaySeconds, 0);
        if (canary.DynamicStableScale == true)
        {
            if (canary.TrafficRouting is null)
            {
                errors.Add($"{CanaryPath}.dynamicStableScale", ValidationReason.Conflict,
                    "dynamicStableScale needs trafficRouting: without a router, traffic already follows the pod counts");
            }

            if (canary.ScaleDownDelaySeconds > 0)
            {
                errors.Add($"{CanaryPath}.dynamicStableScale", ValidationReason.Conflict,
                    $"dynamicStableScale scales the stable pods down as traffic leaves them, so scaleDownDelaySeconds ({canary.ScaleDownDelaySeconds}) cannot apply; remove one of the two");
            }
        }

        ValidatePodMetadata(canary.CanaryMetadata, $"{CanaryPath}.canaryMetadata", errors);
        ValidatePodMetadata(canary.StableMetadata, $"{CanaryPath}.stableMetadata", errors);
        if (canary.TrafficRouting is { } routing)
        {
            ValidateTrafficRouting(routing, canary, errors);
        }

        var steps = canary.Steps ?? [];
        if (canary.Analysis is { } background)
        {
            ValidateAnalysis(background, $"{CanaryPath}.analysis", steps.Count, errors);
        }

        for (var i = 0; i < steps.Count; i++)
        {
            ValidateStep(steps[i], Index($"{CanaryPath}.steps", i), canary, errors);
        }
    }

    private static void ValidateServices(CanaryStrategy canary, FieldErrors errors)
    {
        var hasCanary = !string.IsNullOrEmpty(canary.CanaryService);
        var hasStable = !string.IsNullOrEmpty(canary.StableService);
        if (hasCanary && hasStable && canary.CanaryService == canary.StableService)
        {
            errors.Add($"{CanaryPath}.stableService", ValidationReason.Conflict,
                $"stableService and canaryService are both \"{canary.StableService}\"; they must name two different services");
        }
        else if (hasCanary != hasStable)
        {
            var (missing, present) = hasCanary ? ("stableService", "canaryService") : ("canaryService", "stableService");
            errors.Required($"{CanaryPath}.{missing}", $"{present} is set, so {missing} must be set too: set both services or neither");
        }
    }

    private static void ValidateSurge(CanaryStrategy canary, FieldErrors errors)
    {
        var surge = ReadIntOrPercent(canary.MaxSurge, $"{CanaryPath}.maxSurge", maxPercent: null, errors);
        var unavailable = ReadIntOrPercent(canary.MaxUnavailable, $"{CanaryPath}.maxUnavailable", maxPercent: 100, errors);
        if (canary.MaxSurge is null)
        {
            surge = new IntOrPercent(25, IsPercent: true);
        }

        if (canary.MaxUnavailable is null)
        {
            unavailable = new IntOrPercent(25, IsPercent: true);
        }

        if (surge?.Value == 0 && unavailable?.Value == 0)
        {
            errors.Add($"{CanaryPath}.maxSurge", ValidationReason.Conflict,
                $"maxSurge ({surge}) and maxUnavailable ({unavailable}) are both zero; at least one must be above zero for pods to be replaced");
        }
    }

    /// <summary>Reads a count or percentage; null when it is absent or wrong (then the error is reported).</summary>
    private static IntOrPercent? ReadIntOrPercent(IntOrString? value, string path, int? maxPercent, FieldErrors errors)
    {
        if (value is not { } written)
        {
            return null;
        }

        if (!IntOrPercent.TryParse(written, out var parsed, out var error))
        {
            errors.Add(path, ValidationReason.InvalidFormat, error);
            return null;
        }

        if (parsed.Value < 0)
        {
            errors.OutOfRange(path, $"{Name(path)} is {parsed}; it must not be negative");
            return null;
        }

        if (parsed.IsPercent && parsed.Value > maxPercent)
        {
            errors.OutOfRange(path, $"{Name(path)} is {parsed}; it must be at most {maxPercent}%");
            return null;
        }

        return parsed;
    }

    private static void ValidatePodMetadata(PodMetadata? metadata, string path, FieldErrors errors)
    {
        if (metadata is null)
        {
            return;
        }

        errors.UnknownFields<PodMetadata>(path, metadata.UnknownFields);
        if (metadata.Labels?.ContainsKey(RolloutLabels.PodTemplateHash) == true)
        {
            errors.Add(Key($"{path}.labels", RolloutLabels.PodTemplateHash), ValidationReason.Invalid,
                $"the label {RolloutLabels.PodTemplateHash} is set by the operator and cannot be set here");
        }
    }
}
