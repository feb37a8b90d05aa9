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
    /// abortScaleDownDelaySeconds and the nginx annotationPrefix. Fields already set, even to invalid values,
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
                Strategy = spec.Strategy is { Canary: { } canary } strategy ? strategy with { Canary = Canary(canary) } : spec.Strategy,
            },
        };
    }

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
