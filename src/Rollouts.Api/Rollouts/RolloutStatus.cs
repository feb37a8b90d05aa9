using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rollouts.Api.Schema;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Rollouts;

/// <summary>
/// What the operator observed and decided. All progress lives here (and in labels on the objects the
/// operator owns), so any operator process can continue a rollout where another stopped.
/// </summary>
public sealed record RolloutStatus
{
    [Description("Progressing, Paused, Healthy or Degraded.")]
    [EnumValues(typeof(RolloutPhase))]
    public string? Phase { get; init; }

    [Description("Why the rollout is in its phase, or what it waits for.")]
    public string? Message { get; init; }

    [Description("Index of the canary step being run; equal to the number of steps when all are done. Absent for blue-green.")]
    public int? CurrentStepIndex { get; init; }

    [Description("Hash of the current template (the canary's or the new blue-green version's, during an update).")]
    public string? CurrentPodHash { get; init; }

    [Description("Hash of the stable ReplicaSet's template.")]
    [JsonPropertyName("stableRS")]
    public string? StableRS { get; init; }

    [Description("The metadata.generation this status reflects.")]
    public long? ObservedGeneration { get; init; }

    [Description("Total number of non-terminated pods targeted by this Rollout.")]
    public int? Replicas { get; init; }

    [Description("Total number of non-terminated pods that have the current template.")]
    public int? UpdatedReplicas { get; init; }

    [Description("Total number of ready pods.")]
    public int? ReadyReplicas { get; init; }

    [Description("Total number of available pods (ready for at least minReadySeconds).")]
    public int? AvailableReplicas { get; init; }

    [Description("Label selector of the Rollout's pods as a string, for the scale subresource.")]
    public string? Selector { get; init; }

    [Description("Why the Rollout is paused, one entry per reason.")]
    public IReadOnlyList<PauseCondition>? PauseConditions { get; init; }

    [Description("True while the operator itself holds the rollout paused (a pause step, a blue-green pause before promotion).")]
    public bool? ControllerPause { get; init; }

    [Description("Set by kubectl rollouts abort: traffic back to stable at once.")]
    public bool? Abort { get; init; }

    [Description("When the update was aborted.")]
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? AbortedAt { get; init; }

    [Description("The spec.restartAt whose restart is done: every pod created before it was restarted.")]
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? RestartedAt { get; init; }

    [Description("Set by kubectl rollouts promote --full: skip the remaining steps.")]
    public bool? PromoteFull { get; init; }

    [Description("State of the canary strategy.")]
    public CanaryStatus? Canary { get; init; }

    [Description("State of the blue-green strategy.")]
    public BlueGreenStatus? BlueGreen { get; init; }

    [Description("The latest observations of the Rollout's state.")]
    public IReadOnlyList<RolloutCondition>? Conditions { get; init; }

    [Description("The last decisions the operator made, newest last, each with its reason.")]
    public IReadOnlyList<RolloutDecision>? History { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record PauseCondition
{
    [Description("CanaryPauseStep, BlueGreenPause, InconclusiveAnalysis, ...")]
    [RequiredField]
    public string? Reason { get; init; }

    [Description("When the pause began.")]
    [RequiredField]
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? StartTime { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record CanaryStatus
{
    [Description("The traffic weights as last set on the router.")]
    public TrafficWeights? Weights { get; init; }

    [Description("The AnalysisRun of the analysis step the rollout stands on: its name, phase and message.")]
    public RolloutAnalysisRunStatus? CurrentStepAnalysisRunStatus { get; init; }

    [Description("The AnalysisRun of the background analysis (strategy.canary.analysis) of the current canary.")]
    public RolloutAnalysisRunStatus? CurrentBackgroundAnalysisRunStatus { get; init; }

    [Description("The try of the current canary: absent or 1 at first, one more after each retry that follows an abort. Part of the names and labels of its AnalysisRuns, so that a retry runs its analyses afresh.")]
    [Minimum(1)]
    public int? AnalysisAttempt { get; init; }

    [Description("The background AnalysisRun of the current canary that ended Inconclusive and that the rollout was promoted past (kubectl rollouts promote): it does not pause the rollout again. A new canary or a retry has a new run, which pauses again.")]
    public string? PromotedInconclusiveBackgroundRun { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>One AnalysisRun a Rollout waits on, as its status shows it.</summary>
public sealed record RolloutAnalysisRunStatus
{
    [Description("The AnalysisRun's name.")]
    [RequiredField]
    public string? Name { get; init; }

    [Description("Its phase: Pending (not created or not measured yet), Running, Successful, Failed, Error or Inconclusive.")]
    public string? Status { get; init; }

    [Description("Why it is in its phase, or why it cannot be started.")]
    public string? Message { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>The weights as the operator last set them on the router and verified.</summary>
public sealed record TrafficWeights
{
    [Description("Where the canary's share of traffic goes.")]
    public WeightDestination? Canary { get; init; }

    [Description("Where the stable share of traffic goes.")]
    public WeightDestination? Stable { get; init; }

    [Description("True when the router confirmed the weights; null when it cannot tell.")]
    public bool? Verified { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record WeightDestination
{
    [Description("Percentage of traffic, 0 to 100.")]
    public int? Weight { get; init; }

    [Description("Pod-template hash of the pods receiving it.")]
    public string? PodTemplateHash { get; init; }

    [Description("Service receiving it.")]
    public string? ServiceName { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A condition in the Kubernetes convention: type, status True/False/Unknown, reason, message.</summary>
public sealed record RolloutCondition
{
    [Description("The kind of condition, such as Progressing or InvalidSpec.")]
    [RequiredField]
    public string? Type { get; init; }

    [Description("True, False or Unknown.")]
    [RequiredField]
    [EnumValues("True", "False", "Unknown")]
    public string? Status { get; init; }

    [Description("One word, CamelCase, for why the condition last changed.")]
    public string? Reason { get; init; }

    [Description("What happened, for people.")]
    public string? Message { get; init; }

    [Description("When the condition last changed status.")]
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? LastTransitionTime { get; init; }

    [Description("When the condition was last written.")]
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? LastUpdateTime { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>One decision of the operator or one steering command, for `kubectl rollouts get` and audits.</summary>
public sealed record RolloutDecision
{
    [Description("When it happened.")]
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? Time { get; init; }

    [Description("What happened: StepStarted, Paused, Promoted, Aborted, ...")]
    public string? Action { get; init; }

    [Description("One word, CamelCase, for why.")]
    public string? Reason { get; init; }

    [Description("What happened, for people.")]
    public string? Message { get; init; }

    [Description("Who asked for it, for steering commands (the API server's user name).")]
    public string? User { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>The phases of a Rollout.</summary>
public static class RolloutPhase
{
    public const string Progressing = "Progressing";
    public const string Paused = "Paused";
    public const string Healthy = "Healthy";
    public const string Degraded = "Degraded";
}

/// <summary>The condition types of a Rollout.</summary>
public static class RolloutConditionType
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string Paused = "Paused";
    public const string Healthy = "Healthy";
    public const string InvalidSpec = "InvalidSpec";
    public const string Completed = "Completed";
}
