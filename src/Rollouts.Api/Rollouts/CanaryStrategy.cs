using System.Text.Json;
using System.Text.Json.Serialization;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Rollouts;

/// <summary>strategy.canary: the new version beside the stable one, traffic moved to it step by step.</summary>
public sealed record CanaryStrategy
{
    /// <summary>Service that selects only canary pods; the operator sets its selector to the canary's hash.</summary>
    public string? CanaryService { get; init; }

    /// <summary>Service that selects only stable pods.</summary>
    public string? StableService { get; init; }

    public IReadOnlyList<CanaryStep>? Steps { get; init; }

    /// <summary>Pods above the desired count during an update (number or percentage); defaults to "25%".</summary>
    public IntOrString? MaxSurge { get; init; }

    /// <summary>Pods that may be unavailable during an update (number or percentage); defaults to "25%".</summary>
    public IntOrString? MaxUnavailable { get; init; }

    /// <summary>Seconds the old stable ReplicaSet keeps running after promotion; defaults to 30.</summary>
    public int? ScaleDownDelaySeconds { get; init; }

    /// <summary>Seconds the canary keeps running after an abort; defaults to 30.</summary>
    public int? AbortScaleDownDelaySeconds { get; init; }

    /// <summary>Scale the stable ReplicaSet down as traffic moves to the canary.</summary>
    public bool? DynamicStableScale { get; init; }

    public PodMetadata? CanaryMetadata { get; init; }

    public PodMetadata? StableMetadata { get; init; }

    public RolloutTrafficRouting? TrafficRouting { get; init; }

    /// <summary>Background analysis that runs through the steps from <see cref="RolloutAnalysis.StartingStep"/>.</summary>
    public RolloutAnalysis? Analysis { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>One step of a canary. Exactly one of its fields is set.</summary>
public sealed record CanaryStep
{
    /// <summary>Percentage of traffic for the canary, 0..100.</summary>
    public int? SetWeight { get; init; }

    public RolloutPause? Pause { get; init; }

    public SetCanaryScale? SetCanaryScale { get; init; }

    public RolloutAnalysis? Analysis { get; init; }

    /// <summary>Fields that name no known step kind land here; validation reports them.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A pause: with a duration it ends by itself; without one it waits for promote.</summary>
public sealed record RolloutPause
{
    /// <summary>"30s", "5m", "1h", or plain seconds (30 or "30").</summary>
    public IntOrString? Duration { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>Sizes the canary independently of its traffic weight.</summary>
public sealed record SetCanaryScale
{
    /// <summary>Canary replicas as a percentage of spec.replicas.</summary>
    public int? Weight { get; init; }

    /// <summary>Canary replicas as an absolute count.</summary>
    public int? Replicas { get; init; }

    /// <summary>Go back to sizing the canary by its traffic weight.</summary>
    public bool? MatchTrafficWeight { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>Analysis templates to run, as a step or in the background.</summary>
public sealed record RolloutAnalysis
{
    public IReadOnlyList<AnalysisTemplateReference>? Templates { get; init; }

    public IReadOnlyList<AnalysisRunArgument>? Args { get; init; }

    /// <summary>Background analysis only: the step index at which it starts.</summary>
    public int? StartingStep { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record AnalysisTemplateReference
{
    public string? TemplateName { get; init; }

    /// <summary>True for a ClusterAnalysisTemplate.</summary>
    public bool? ClusterScope { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record AnalysisRunArgument
{
    public string? Name { get; init; }

    public string? Value { get; init; }

    /// <summary>Where the value comes from (a pod-template hash, a field of the Rollout); parsed by the analysis feature.</summary>
    public JsonElement? ValueFrom { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
