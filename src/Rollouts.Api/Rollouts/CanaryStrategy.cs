using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rollouts.Api.Schema;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Rollouts;

/// <summary>strategy.canary: the new version beside the stable one, traffic moved to it step by step.</summary>
public sealed record CanaryStrategy
{
    [Description("Service the operator points at the canary pods only (by their pod-template hash). Set it together with stableService.")]
    public string? CanaryService { get; init; }

    [Description("Service the operator points at the stable pods only. Set it together with canaryService; the two must differ.")]
    public string? StableService { get; init; }

    [Description("The steps of an update, in order. Each step has exactly one of setWeight, pause, setCanaryScale, analysis or setHeaderRoute.")]
    public IReadOnlyList<CanaryStep>? Steps { get; init; }

    [Description("Pods that may run above the desired count during an update: a number or a percentage of replicas (rounded up). Defaults to 25%. maxSurge and maxUnavailable cannot both be 0.")]
    public IntOrString? MaxSurge { get; init; }

    [Description("Pods that may be unavailable during an update: a number or a percentage of replicas (rounded down). Defaults to 25%.")]
    public IntOrString? MaxUnavailable { get; init; }

    [Description("Seconds the old stable pods keep running after traffic has left them on promotion. Defaults to 30.")]
    [Minimum(0)]
    public int? ScaleDownDelaySeconds { get; init; }

    [Description("Seconds the canary pods keep running after an abort; 0 keeps them until the next update. Defaults to 30.")]
    [Minimum(0)]
    public int? AbortScaleDownDelaySeconds { get; init; }

    [Description("Scale the stable pods down as traffic moves to the canary, instead of keeping them all until promotion. Needs trafficRouting.")]
    public bool? DynamicStableScale { get; init; }

    [Description("Labels and annotations added to the canary pods while they are the canary.")]
    public PodMetadata? CanaryMetadata { get; init; }

    [Description("Labels and annotations added to the stable pods.")]
    public PodMetadata? StableMetadata { get; init; }

    [Description("How traffic weights reach the router. Without it, traffic follows the ratio of canary to stable pods.")]
    public RolloutTrafficRouting? TrafficRouting { get; init; }

    [Description("Analysis that runs in the background through the steps, from startingStep; a failure aborts the update.")]
    public RolloutAnalysis? Analysis { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>One step of a canary. Exactly one of its fields is set.</summary>
public sealed record CanaryStep
{
    [Description("Percentage of traffic sent to the canary, 0 to 100.")]
    [Minimum(0)]
    [Maximum(100)]
    public int? SetWeight { get; init; }

    [Description("Wait: for a duration, or until promoted when no duration is given.")]
    public RolloutPause? Pause { get; init; }

    [Description("Size the canary apart from its traffic weight. Needs trafficRouting.")]
    public SetCanaryScale? SetCanaryScale { get; init; }

    [Description("Run analysis templates and wait for their result; a failure aborts the update.")]
    public RolloutAnalysis? Analysis { get; init; }

    [Description("Send requests whose headers match to the canary, whatever the weight. Needs trafficRouting.managedRoutes.")]
    public SetHeaderRoute? SetHeaderRoute { get; init; }

    /// <summary>Fields that name no known step kind land here; validation reports them.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A pause: with a duration it ends by itself; without one it waits for promote.</summary>
public sealed record RolloutPause
{
    [Description("How long to wait: seconds (30) or a number with a unit: 30s, 5m, 1h, 1h30m, 500ms. Without it the pause lasts until kubectl rollouts promote.")]
    public IntOrString? Duration { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>Sizes the canary independently of its traffic weight.</summary>
public sealed record SetCanaryScale
{
    [Description("Canary pods as a percentage of spec.replicas, 0 to 100.")]
    [Minimum(0)]
    [Maximum(100)]
    public int? Weight { get; init; }

    [Description("Canary pods as a number.")]
    [Minimum(0)]
    public int? Replicas { get; init; }

    [Description("Go back to sizing the canary by its traffic weight.")]
    public bool? MatchTrafficWeight { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>Analysis templates to run, as a step or in the background.</summary>
public sealed record RolloutAnalysis
{
    [Description("The analysis templates to run together; at least one.")]
    [MinItems(1)]
    public IReadOnlyList<AnalysisTemplateReference>? Templates { get; init; }

    [Description("Values for the templates' arguments.")]
    public IReadOnlyList<AnalysisRunArgument>? Args { get; init; }

    [Description("Background analysis only: the index of the step at which it starts. Defaults to 0.")]
    [Minimum(0)]
    public int? StartingStep { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record AnalysisTemplateReference
{
    [Description("Name of the AnalysisTemplate (or ClusterAnalysisTemplate with clusterScope).")]
    [RequiredField]
    public string? TemplateName { get; init; }

    [Description("The template is a ClusterAnalysisTemplate.")]
    public bool? ClusterScope { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

public sealed record AnalysisRunArgument
{
    [Description("Name of the template argument.")]
    [RequiredField]
    public string? Name { get; init; }

    [Description("The argument's value.")]
    public string? Value { get; init; }

    [Description("Where the value comes from instead: a pod-template hash or a field of the Rollout.")]
    public JsonElement? ValueFrom { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
