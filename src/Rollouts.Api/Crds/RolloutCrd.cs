using Rollouts.Api.Rollouts;

namespace Rollouts.Api.Crds;

/// <summary>The Rollout resource as its CRD declares it: names, subresources and the columns of <c>kubectl get rollouts</c>.</summary>
public static class RolloutCrd
{
    public static CustomResource Resource { get; } = new()
    {
        Resource = Rollout.Resource,
        TypeInfo = Rollout.JsonTypeInfo,
        Singular = "rollout",
        ShortNames = ["ro"],
        StatusSubresource = true,
        Scale = new ScaleSubresource(".spec.replicas", ".status.replicas", ".status.selector"),
        Columns =
        [
            new("Desired", "integer", ".spec.replicas", "Number of desired pods"),
            new("Current", "integer", ".status.replicas", "Total number of non-terminated pods targeted by this rollout"),
            new("Up-to-date", "integer", ".status.updatedReplicas", "Total number of non-terminated pods that have the current template"),
            new("Available", "integer", ".status.availableReplicas", "Total number of available pods"),
            new("Phase", "string", ".status.phase", "Progressing, Paused, Healthy or Degraded"),
            new("Step", "integer", ".status.currentStepIndex", "Index of the canary step being run"),
            new("Weight", "integer", ".status.canary.weights.canary.weight", "Percentage of traffic the canary receives"),
            new("Age", "date", ".metadata.creationTimestamp"),
        ],
    };
}
