using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Canary;

/// <summary>The progress fields of the next status while a plan is being made.</summary>
internal sealed class CanaryDraft : RolloutDraft
{
    /// <summary>0..steps; equal to the number of steps when every step is done.</summary>
    public int StepIndex { get; set; }

    public TrafficWeights? Weights { get; set; }

    /// <summary>The try of the canary (status.canary.analysisAttempt): 1 at first, one more after each retry.</summary>
    public int AnalysisAttempt { get; set; } = 1;

    /// <summary>status.canary.currentStepAnalysisRunStatus.</summary>
    public RolloutAnalysisRunStatus? StepRun { get; set; }

    /// <summary>status.canary.currentBackgroundAnalysisRunStatus.</summary>
    public RolloutAnalysisRunStatus? BackgroundRun { get; set; }

    /// <summary>status.canary.promotedInconclusiveBackgroundRun: the Inconclusive background run the user promoted past.</summary>
    public string? PromotedInconclusiveBackgroundRun { get; set; }
}
