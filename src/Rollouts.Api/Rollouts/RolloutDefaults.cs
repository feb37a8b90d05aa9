namespace Rollouts.Api.Rollouts;

/// <summary>The values a Rollout gets for fields it leaves out (the same as Argo Rollouts').</summary>
public static class RolloutDefaults
{
    public const int Replicas = 1;
    public const int RevisionHistoryLimit = 10;
    public const int ProgressDeadlineSeconds = 600;
    public const int ScaleDownDelaySeconds = 30;
    public const int AbortScaleDownDelaySeconds = 30;
    public const string MaxSurge = "25%";
    public const string MaxUnavailable = "25%";
    public const int SuccessfulRunHistoryLimit = 5;
    public const int UnsuccessfulRunHistoryLimit = 5;
}

/// <summary>Labels and annotations the operator puts on the objects it owns.</summary>
public static class RolloutLabels
{
    /// <summary>On ReplicaSets, their pods and in service selectors: the hash of the pod template.</summary>
    public const string PodTemplateHash = "rollouts-pod-template-hash";

    /// <summary>On objects the operator manages for a Rollout: the Rollout's name.</summary>
    public const string ManagedBy = "rollouts.dev/managed-by-rollout";
}
