using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Planning;

/// <summary>What every strategy reads of one observation, for the parts they share (status, conditions, deadline).</summary>
internal interface IStrategyContext
{
    Observation Observation { get; }

    Rollout Rollout { get; }

    RolloutSpec Spec { get; }

    /// <summary>spec.replicas with its default.</summary>
    int Replicas { get; }

    /// <summary>The observed status (empty when there is none).</summary>
    RolloutStatus Previous { get; }

    OwnedReplicaSets ReplicaSets { get; }

    DateTimeOffset Now { get; }

    bool SpecPaused { get; }

    string ReplicaSetName(string hash);
}

/// <summary>The progress fields every strategy's next status holds while a plan is being made.</summary>
internal interface IRolloutDraft
{
    string StableHash { get; }

    string CurrentHash { get; }

    bool Abort { get; }

    DateTimeOffset? AbortedAt { get; }

    bool PromoteFull { get; }

    List<PauseCondition> PauseConditions { get; }

    bool ControllerPause { get; }

    /// <summary>Why the rollout was aborted, when this plan aborted it.</summary>
    string? AbortMessage { get; }
}
