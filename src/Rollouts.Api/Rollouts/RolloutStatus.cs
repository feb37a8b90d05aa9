using System.Text.Json;
using System.Text.Json.Serialization;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Rollouts;

/// <summary>
/// What the operator observed and decided. All progress lives here (and in labels on the objects the
/// operator owns), so any operator process can continue a rollout where another stopped.
/// </summary>
public sealed record RolloutStatus
{
    /// <summary>Progressing, Paused, Healthy or Degraded (see <see cref="RolloutPhase"/>).</summary>
    public string? Phase { get; init; }

    /// <summary>Why the rollout is in its phase, or what it waits for.</summary>
    public string? Message { get; init; }

    public int? CurrentStepIndex { get; init; }

    /// <summary>Hash of the current template (the canary's, during an update).</summary>
    public string? CurrentPodHash { get; init; }

    /// <summary>Hash of the stable ReplicaSet's template.</summary>
    [JsonPropertyName("stableRS")]
    public string? StableRS { get; init; }

    /// <summary>The metadata.generation this status reflects.</summary>
    public long? ObservedGeneration { get; init; }

    public int? Replicas { get; init; }

    public int? UpdatedReplicas { get; init; }

    public int? ReadyReplicas { get; init; }

    public int? AvailableReplicas { get; init; }

    /// <summary>Label selector of the Rollout's pods as a string, for the scale subresource.</summary>
    public string? Selector { get; init; }

    public IReadOnlyList<PauseCondition>? PauseConditions { get; init; }

    /// <summary>True while the operator itself holds the rollout paused (a pause step).</summary>
    public bool? ControllerPause { get; init; }

    /// <summary>Set by `kubectl rollouts abort`: traffic back to stable at once.</summary>
    public bool? Abort { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? AbortedAt { get; init; }

    /// <summary>Set by `kubectl rollouts promote --full`: skip the remaining steps.</summary>
    public bool? PromoteFull { get; init; }

    public CanaryStatus? Canary { get; init; }

    public IReadOnlyList<RolloutCondition>? Conditions { get; init; }

    /// <summary>The last decisions the operator made, newest last, each with its reason.</summary>
    public IReadOnlyList<RolloutDecision>? History { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record PauseCondition
{
    /// <summary>CanaryPauseStep, BlueGreenPause, InconclusiveAnalysis, ...</summary>
    public string? Reason { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? StartTime { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record CanaryStatus
{
    public TrafficWeights? Weights { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>The weights as the operator last set them on the router and verified.</summary>
public sealed record TrafficWeights
{
    public WeightDestination? Canary { get; init; }

    public WeightDestination? Stable { get; init; }

    /// <summary>True when the router confirmed the weights; null when it cannot tell.</summary>
    public bool? Verified { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record WeightDestination
{
    public int? Weight { get; init; }

    public string? PodTemplateHash { get; init; }

    public string? ServiceName { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A condition in the Kubernetes convention: type, status True/False/Unknown, reason, message.</summary>
public sealed record RolloutCondition
{
    public string? Type { get; init; }

    public string? Status { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? LastTransitionTime { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? LastUpdateTime { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>One decision of the operator or one steering command, for `kubectl rollouts get` and audits.</summary>
public sealed record RolloutDecision
{
    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? Time { get; init; }

    /// <summary>What happened: StepStarted, Paused, Promoted, Aborted, ...</summary>
    public string? Action { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    /// <summary>Who asked for it, for steering commands (the API server's user name).</summary>
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
