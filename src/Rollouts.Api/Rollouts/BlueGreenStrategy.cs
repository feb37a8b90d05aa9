using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rollouts.Api.Schema;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Rollouts;

/// <summary>
/// strategy.blueGreen: the new version runs in full beside the old one, reachable through the preview service,
/// and takes all traffic at once when the active service's selector is switched to it.
/// </summary>
public sealed record BlueGreenStrategy
{
    [Description("Service the operator points at the version that takes production traffic (by its pod-template hash). Required.")]
    [RequiredField]
    public string? ActiveService { get; init; }

    [Description("Service the operator points at the new version before promotion, so it can be tried without production traffic. Must differ from activeService.")]
    public string? PreviewService { get; init; }

    [Description("Pods of the new version before promotion; it is scaled to spec.replicas before the active service switches to it. Defaults to spec.replicas.")]
    [Minimum(0)]
    public int? PreviewReplicaCount { get; init; }

    [Description("Promote as soon as the new version is available (and pre-promotion analysis passed). false pauses (reason BlueGreenPause) until kubectl rollouts promote. Defaults to true.")]
    public bool? AutoPromotionEnabled { get; init; }

    [Description("Seconds to wait, paused, before promoting by itself once the new version is available. Needs autoPromotionEnabled true.")]
    [Minimum(0)]
    public int? AutoPromotionSeconds { get; init; }

    [Description("Pods that may be unavailable while the ReplicaSets are resized: a number or a percentage of replicas (rounded down). Defaults to 0.")]
    public IntOrString? MaxUnavailable { get; init; }

    [Description("Seconds the old version keeps running after the active service left it, so that it can be switched back. Defaults to 30.")]
    [Minimum(0)]
    public int? ScaleDownDelaySeconds { get; init; }

    [Description("How many old ReplicaSets may keep running while their scale-down delay runs; older ones are scaled down at once. No limit when left out.")]
    [Minimum(0)]
    public int? ScaleDownDelayRevisionLimit { get; init; }

    [Description("Analysis run against the new version, through the preview service, before promotion; a failure aborts the update without switching.")]
    public RolloutAnalysis? PrePromotionAnalysis { get; init; }

    [Description("Analysis run after the active service switched to the new version; a failure switches it back to the previous version and aborts.")]
    public RolloutAnalysis? PostPromotionAnalysis { get; init; }

    [Description("Labels and annotations added to the pods of the new version while only the preview service selects them.")]
    public PodMetadata? PreviewMetadata { get; init; }

    [Description("Labels and annotations added to the pods the active service selects.")]
    public PodMetadata? ActiveMetadata { get; init; }

    [Description("Seconds the new version keeps running after an abort; 0 keeps it until the next update. Defaults to 30.")]
    [Minimum(0)]
    public int? AbortScaleDownDelaySeconds { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>status.blueGreen: what the services select and the analyses of the update.</summary>
public sealed record BlueGreenStatus
{
    [Description("Pod-template hash the active service selects.")]
    public string? ActiveSelector { get; init; }

    [Description("Pod-template hash the preview service selects.")]
    public string? PreviewSelector { get; init; }

    [Description("The AnalysisRun of prePromotionAnalysis: its name, phase and message.")]
    public RolloutAnalysisRunStatus? PrePromotionAnalysisRunStatus { get; init; }

    [Description("The AnalysisRun of postPromotionAnalysis: its name, phase and message.")]
    public RolloutAnalysisRunStatus? PostPromotionAnalysisRunStatus { get; init; }

    [Description("True once the promotion began and the new version, run at previewReplicaCount until then, was scaled to spec.replicas.")]
    public bool? ScaleUpPreviewCheckPoint { get; init; }

    [Description("The try of the update: absent or 1 at first, one more after each retry that follows an abort. Part of the names and labels of its AnalysisRuns.")]
    [Minimum(1)]
    public int? AnalysisAttempt { get; init; }

    [Description("The pre- or post-promotion AnalysisRun of this update that ended Inconclusive and that the rollout was promoted past (kubectl rollouts promote): it does not pause the rollout again. A new template or a retry has new runs, which pause again.")]
    public string? PromotedInconclusiveAnalysisRun { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
