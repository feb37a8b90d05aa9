using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Planning;

/// <summary>The progress fields every strategy's next status holds while a plan is being made; the strategies add their own.</summary>
internal abstract class RolloutDraft
{
    public required string StableHash { get; set; }

    public required string CurrentHash { get; set; }

    public bool Abort { get; set; }

    public DateTimeOffset? AbortedAt { get; set; }

    public bool PromoteFull { get; set; }

    public List<PauseCondition> PauseConditions { get; set; } = [];

    public bool ControllerPause { get; set; }

    /// <summary>Why the rollout was aborted, when this plan aborted it.</summary>
    public string? AbortMessage { get; set; }

    /// <summary>The update is a rollback within spec.rollbackWindow (what it is, for messages), or null.</summary>
    public string? RollbackWindow { get; set; }

    /// <summary>The analysis of this update is skipped: promote --full, or a rollback within the window.</summary>
    public bool SkipsAnalysis => PromoteFull || RollbackWindow is not null;

    /// <summary>Takes the steering fields (abort, promote --full, pauses) from the previous status, for an update that goes on.</summary>
    public void ContinueFrom(RolloutStatus previous)
    {
        Abort = previous.Abort == true;
        AbortedAt = previous.AbortedAt;
        PromoteFull = previous.PromoteFull == true;
        PauseConditions = [.. previous.PauseConditions ?? []];
        ControllerPause = previous.ControllerPause == true;
    }

    public void ClearPause()
    {
        PauseConditions = [];
        ControllerPause = false;
    }
}
