using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Canary;

/// <summary>The progress fields of the next status while a plan is being made.</summary>
internal sealed class CanaryDraft
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

    public TrafficWeights? Weights { get; set; }

    /// <summary>Why the rollout was aborted, when this plan aborted it.</summary>
    public string? AbortMessage { get; set; }

    public void ClearPause()
    {
        PauseConditions = [];
        ControllerPause = false;
    }
}
