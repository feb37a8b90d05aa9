using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Canary;

/// <summary>The progress fields of the next status while a plan is being made.</summary>
internal sealed class CanaryDraft : IRolloutDraft
{
    public required string StableHash { get; set; }

    public required string CurrentHash { get; set; }

    /// <summary>0..steps; equal to the number of steps when every step is done.</summary>
    public int StepIndex { get; set; }

    public bool Abort { get; set; }

    public DateTimeOffset? AbortedAt { get; set; }

    public bool PromoteFull { get; set; }

    public List<PauseCondition> PauseConditions { get; set; } = [];

    public bool ControllerPause { get; set; }

    /// <summary>The update is a rollback within spec.rollbackWindow (what it is, for messages), or null.</summary>
    public string? RollbackWindow { get; set; }

    /// <summary>The analysis of this update is skipped: promote --full, or a rollback within the window.</summary>
    public bool SkipsAnalysis => PromoteFull || RollbackWindow is not null;

    public TrafficWeights? Weights { get; set; }

    /// <summary>The try of the canary (status.canary.analysisAttempt): 1 at first, one more after each retry.</summary>
    public int AnalysisAttempt { get; set; } = 1;

    /// <summary>status.canary.currentStepAnalysisRunStatus.</summary>
    public RolloutAnalysisRunStatus? StepRun { get; set; }

    /// <summary>status.canary.currentBackgroundAnalysisRunStatus.</summary>
    public RolloutAnalysisRunStatus? BackgroundRun { get; set; }

    /// <summary>status.canary.promotedInconclusiveBackgroundRun: the Inconclusive background run the user promoted past.</summary>
    public string? PromotedInconclusiveBackgroundRun { get; set; }

    /// <summary>Why the rollout was aborted, when this plan aborted it.</summary>
    public string? AbortMessage { get; set; }

    public void ClearPause()
    {
        PauseConditions = [];
        ControllerPause = false;
    }
}
