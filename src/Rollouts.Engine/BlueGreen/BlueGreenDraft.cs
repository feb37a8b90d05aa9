using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.BlueGreen;

/// <summary>The progress fields of the next status of a blue-green Rollout while a plan is being made.</summary>
internal sealed class BlueGreenDraft : RolloutDraft
{
    /// <summary>status.blueGreen.scaleUpPreviewCheckPoint: the promotion began and the new version was scaled to spec.replicas.</summary>
    public bool ScaleUpPreviewCheckPoint { get; set; }

    /// <summary>The try of the update (status.blueGreen.analysisAttempt): 1 at first, one more after each retry.</summary>
    public int AnalysisAttempt { get; set; } = 1;

    /// <summary>The hash the active service selects after the plan.</summary>
    public string? ActiveSelector { get; set; }

    /// <summary>The hash the preview service selects after the plan.</summary>
    public string? PreviewSelector { get; set; }

    public RolloutAnalysisRunStatus? PrePromotionRun { get; set; }

    public RolloutAnalysisRunStatus? PostPromotionRun { get; set; }

    /// <summary>status.blueGreen.promotedInconclusiveAnalysisRun: the Inconclusive run the user promoted past.</summary>
    public string? PromotedInconclusiveRun { get; set; }
}
