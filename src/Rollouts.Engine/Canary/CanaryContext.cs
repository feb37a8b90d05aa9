using Rollouts.Api.Rollouts;
using Rollouts.Engine.Hashing;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Traffic;
using Rollouts.Engine.Traffic.GatewayApi;
using Rollouts.Engine.Traffic.Nginx;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Canary;

/// <summary>The observation of one canary Rollout, read once: spec with defaults applied, hashes, ReplicaSets, router.</summary>
internal sealed class CanaryContext : IStrategyContext
{
    public CanaryContext(Observation observation)
    {
        Observation = observation;
        Rollout = observation.Rollout;
        Spec = Rollout.Spec ?? new RolloutSpec();
        Strategy = Spec.Strategy?.Canary ?? new CanaryStrategy();
        Steps = Strategy.Steps ?? [];
        Replicas = Math.Max(0, Spec.Replicas ?? RolloutDefaults.Replicas);
        Previous = Rollout.Status ?? new RolloutStatus();
        DesiredHash = PodTemplateHash.Compute(Spec.Template);
        ReplicaSets = new OwnedReplicaSets(observation.ReplicaSets);
        Router = Strategy.TrafficRouting?.Nginx is { } nginx ? new NginxRouter(Rollout, nginx, observation)
            : GatewayApiTrafficRouting.Of(Strategy.TrafficRouting) is { } gateway ? new GatewayApiRouter(Rollout, gateway, observation)
            : null;
        Name = Rollout.Metadata.Name ?? "";
        Analysis = AnalysisObservation.From(observation.AnalysisRuns, Name);
    }

    public Observation Observation { get; }

    public Rollout Rollout { get; }

    public RolloutSpec Spec { get; }

    public CanaryStrategy Strategy { get; }

    public IReadOnlyList<CanaryStep> Steps { get; }

    public int Replicas { get; }

    public RolloutStatus Previous { get; }

    /// <summary>The hash of spec.template: the version the Rollout should run.</summary>
    public string DesiredHash { get; }

    public OwnedReplicaSets ReplicaSets { get; }

    /// <summary>The router (NGINX or Gateway API), or null for a canary without traffic routing.</summary>
    public ITrafficRouter? Router { get; }

    public string Name { get; }

    /// <summary>The verdicts of the AnalysisRuns the Rollout owns.</summary>
    public AnalysisObservation Analysis { get; }

    public DateTimeOffset Now => Observation.Now;

    public bool SpecPaused => Spec.Paused == true;

    public string ReplicaSetName(string hash) => OwnedReplicaSets.NameFor(Name, hash);

    public static int Available(ReplicaSet? replicaSet) => OwnedReplicaSets.AvailableReplicas(replicaSet);

    public static int SpecOf(ReplicaSet? replicaSet) => OwnedReplicaSets.SpecReplicas(replicaSet);
}
