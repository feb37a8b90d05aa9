using Rollouts.Api.Rollouts;
using Rollouts.Engine.Hashing;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.BlueGreen;

/// <summary>The observation of one blue-green Rollout, read once: spec with defaults applied, hashes, ReplicaSets, services.</summary>
internal sealed class BlueGreenContext : IStrategyContext
{
    public BlueGreenContext(Observation observation)
    {
        Observation = observation;
        Rollout = observation.Rollout;
        Spec = Rollout.Spec ?? new RolloutSpec();
        Strategy = Spec.Strategy?.BlueGreen ?? new BlueGreenStrategy();
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

    public BlueGreenStrategy Strategy { get; }

    public int Replicas { get; }

    public RolloutStatus Previous { get; }

    /// <summary>The hash of spec.template: the version the Rollout should run.</summary>
    public string DesiredHash { get; }

    public OwnedReplicaSets ReplicaSets { get; }

    public string Name { get; }

    /// <summary>The verdicts of the AnalysisRuns the Rollout owns.</summary>
    public AnalysisObservation Analysis { get; }

    public DateTimeOffset Now => Observation.Now;

    public bool SpecPaused => Spec.Paused == true;

    /// <summary>The hash the active service selects as observed, or null when it selects none (or does not exist).</summary>
    public string? ObservedActive => ServiceSelectors.HashOf(Observation.ActiveService);

    /// <summary>autoPromotionEnabled is false: the update pauses before promotion until promoted.</summary>
    public bool ManualPromotion => Strategy.AutoPromotionEnabled == false;

    /// <summary>autoPromotionSeconds, when it is above zero (and promotion is automatic).</summary>
    public int? AutoPromotionSeconds => !ManualPromotion && Strategy.AutoPromotionSeconds is > 0 and var seconds ? seconds : null;

    public string ReplicaSetName(string hash) => OwnedReplicaSets.NameFor(Name, hash);

    /// <summary>True when <paramref name="replicaSet"/> has spec.replicas pods wanted and as many available.</summary>
    public bool FullyAvailable(ReplicaSet? replicaSet) =>
        replicaSet is not null && OwnedReplicaSets.SpecReplicas(replicaSet) == Replicas && OwnedReplicaSets.AvailableReplicas(replicaSet) >= Replicas;
}
