using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Rollouts;

/// <summary>
/// Fills the fields a user left out with the values in <see cref="RolloutDefaults"/>, so that the planner reads
/// every setting from the Rollout itself. Pure: the input is not changed, and applying it twice changes nothing more.
/// </summary>
public static class RolloutDefaulting
{
    /// <summary>
    /// A copy of <paramref name="rollout"/> with defaults for replicas, revisionHistoryLimit,
    /// progressDeadlineSeconds and, under a canary strategy, maxSurge, maxUnavailable, scaleDownDelaySeconds,
    /// abortScaleDownDelaySeconds and the nginx annotationPrefix; under a blue-green strategy, autoPromotionEnabled,
    /// maxUnavailable, scaleDownDelaySeconds and abortScaleDownDelaySeconds. Fields already set, even to invalid values,
    /// are kept for validation to report.
    /// </summary>
    public static Rollout Apply(Rollout rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        if (rollout.Spec is not { } spec)
        {
            return rollout;
        }

        return rollout with
        {
            Spec = spec with
            {
                Replicas = spec.Replicas ?? RolloutDefaults.Replicas,
                RevisionHistoryLimit = spec.RevisionHistoryLimit ?? RolloutDefaults.RevisionHistoryLimit,
                ProgressDeadlineSeconds = spec.ProgressDeadlineSeconds ?? RolloutDefaults.ProgressDeadlineSeconds,
                Strategy = spec.Strategy switch
                {
                    { Canary: { } canary } strategy => strategy with { Canary = Canary(canary) },
                    { BlueGreen: { } blueGreen } strategy => strategy with { BlueGreen = BlueGreen(blueGreen) },
                    var other => other,
                },
            },
        };
    }

    private static BlueGreenStrategy BlueGreen(BlueGreenStrategy blueGreen) => blueGreen with
    {
        AutoPromotionEnabled = blueGreen.AutoPromotionEnabled ?? true,
        MaxUnavailable = blueGreen.MaxUnavailable ?? IntOrString.FromNumber(0),
        ScaleDownDelaySeconds = blueGreen.ScaleDownDelaySeconds ?? RolloutDefaults.ScaleDownDelaySeconds,
        AbortScaleDownDelaySeconds = blueGreen.AbortScaleDownDelaySeconds ?? RolloutDefaults.AbortScaleDownDelaySeconds,
    };

    private static CanaryStrategy Canary(CanaryStrategy canary) => canary with
    {
        MaxSurge = canary.MaxSurge ?? IntOrString.FromText(RolloutDefaults.MaxSurge),
        MaxUnavailable = canary.MaxUnavailable ?? IntOrString.FromText(RolloutDefaults.MaxUnavailable),

        // With dynamicStableScale the stable pods leave as traffic does, so there is nothing left to delay.
        ScaleDownDelaySeconds = canary.ScaleDownDelaySeconds ?? (canary.DynamicStableScale == true ? 0 : RolloutDefaults.ScaleDownDelaySeconds),
        AbortScaleDownDelaySeconds = canary.AbortScaleDownDelaySeconds ?? RolloutDefaults.AbortScaleDownDelaySeconds,
        TrafficRouting = canary.TrafficRouting is { Nginx: { } nginx } routing
            ? routing with { Nginx = nginx with { AnnotationPrefix = nginx.AnnotationPrefix ?? NginxTrafficRouting.DefaultAnnotationPrefix } }
            : canary.TrafficRouting,
    };
}
