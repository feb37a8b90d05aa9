using System.Globalization;
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
    /// <summary>The pause condition of an AnalysisRun that ended Inconclusive, until promoted past.</summary>
    public const string InconclusiveReason = "InconclusiveAnalysis";

    /// <summary>The event of an update that is a rollback within spec.rollbackWindow.</summary>
    public const string RollbackWindowReason = "RollbackWithinWindow";

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

    /// <summary>
    /// spec.rollbackWindow: when the desired template is that of a revision older than the stable one and within the
    /// last rollbackWindow.revisions revisions (the stable one counts as the first), what the rollback is, for events
    /// and messages; null when the window is unset or 0, or the update is no such rollback.
    /// </summary>
    public string? RollbackWithinWindow(string stableHash)
    {
        var window = Spec.RollbackWindow?.Revisions ?? 0;
        if (window <= 0 || ReplicaSets.RevisionsBefore(DesiredHash, stableHash) is not { } back || back >= window)
        {
            return null;
        }

        var revisions = back == 1 ? "the revision" : string.Create(CultureInfo.InvariantCulture, $"{back} revisions");
        return string.Create(CultureInfo.InvariantCulture,
            $"rollback to {ReplicaSetName(DesiredHash)}, {revisions} before stable {ReplicaSetName(stableHash)}, within rollbackWindow ({window} revisions)");
    }

    public static int Available(ReplicaSet? replicaSet) => OwnedReplicaSets.AvailableReplicas(replicaSet);

    public static int SpecOf(ReplicaSet? replicaSet) => OwnedReplicaSets.SpecReplicas(replicaSet);

    /// <summary>True when <paramref name="replicaSet"/> has spec.replicas pods wanted and as many available.</summary>
    public bool FullyAvailable(ReplicaSet? replicaSet) =>
        replicaSet is not null && SpecOf(replicaSet) == Replicas && Available(replicaSet) >= Replicas;
}
