using Rollouts.Api.Rollouts;
using Rollouts.Engine.Hashing;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Planning;

/// <summary>
/// What every strategy reads of one observation, read once: the spec with defaults applied, the desired hash, the
/// Rollout's ReplicaSets and AnalysisRuns. The strategies add their own part (steps and router, services).
/// </summary>
internal abstract class StrategyContext
{
    protected StrategyContext(Observation observation)
    {
        Observation = observation;
        Rollout = observation.Rollout;
        Spec = Rollout.Spec ?? new RolloutSpec();
        Replicas = Math.Max(0, Spec.Replicas ?? RolloutDefaults.Replicas);
        Previous = Rollout.Status ?? new RolloutStatus();
        DesiredHash = PodTemplateHash.Compute(Spec.Template);
        ReplicaSets = new OwnedReplicaSets(observation.ReplicaSets);
        Name = Rollout.Metadata.Name ?? "";
        Analysis = AnalysisObservation.From(observation.AnalysisRuns, Name);
    }

    public Observation Observation { get; }

    public Rollout Rollout { get; }

    public RolloutSpec Spec { get; }

    /// <summary>spec.replicas with its default.</summary>
    public int Replicas { get; }

    /// <summary>The observed status (empty when there is none).</summary>
    public RolloutStatus Previous { get; }

    /// <summary>The hash of spec.template: the version the Rollout should run.</summary>
    public string DesiredHash { get; }

    public OwnedReplicaSets ReplicaSets { get; }

    public string Name { get; }

    /// <summary>The verdicts of the AnalysisRuns the Rollout owns.</summary>
    public AnalysisObservation Analysis { get; }

    public DateTimeOffset Now => Observation.Now;

    public bool SpecPaused => Spec.Paused == true;

    public string ReplicaSetName(string hash) => OwnedReplicaSets.NameFor(Name, hash);

    public static int Available(ReplicaSet? replicaSet) => OwnedReplicaSets.AvailableReplicas(replicaSet);

    public static int SpecOf(ReplicaSet? replicaSet) => OwnedReplicaSets.SpecReplicas(replicaSet);

    /// <summary>True when <paramref name="replicaSet"/> has spec.replicas pods wanted and as many available.</summary>
    public bool FullyAvailable(ReplicaSet? replicaSet) =>
        replicaSet is not null && SpecOf(replicaSet) == Replicas && Available(replicaSet) >= Replicas;
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
