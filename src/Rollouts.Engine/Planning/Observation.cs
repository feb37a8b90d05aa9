using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Planning;

/// <summary>
/// What the controller read from its cache for one Rollout: everything the planner decides from. The planner
/// assumes the Rollout was defaulted and validated.
/// </summary>
public sealed record Observation
{
    public required Rollout Rollout { get; init; }

    /// <summary>strategy.blueGreen.activeService, or null when it does not exist.</summary>
    public Service? ActiveService { get; init; }

    /// <summary>strategy.blueGreen.previewService, or null when it is not set or does not exist.</summary>
    public Service? PreviewService { get; init; }

    /// <summary>The ReplicaSets the Rollout owns (controller owner reference to it), in any order.</summary>
    public IReadOnlyList<ReplicaSet> ReplicaSets { get; init; } = [];

    /// <summary>strategy.canary.stableService, or null when it is not set or does not exist.</summary>
    public Service? StableService { get; init; }

    /// <summary>strategy.canary.canaryService, or null when it is not set or does not exist.</summary>
    public Service? CanaryService { get; init; }

    /// <summary>The stable ingresses named in trafficRouting.nginx that exist; a missing one is left out.</summary>
    public IReadOnlyList<Ingress> StableIngresses { get; init; } = [];

    /// <summary>
    /// The ingresses found under the canary ingress names (<see cref="Traffic.Nginx.NginxCanaryIngress.NameFor"/>)
    /// that exist, whoever owns them; a missing one is left out.
    /// </summary>
    public IReadOnlyList<Ingress> CanaryIngresses { get; init; } = [];

    /// <summary>The HTTPRoutes named in trafficRouting.gatewayAPI (or its plugin form) that exist; a missing one is left out.</summary>
    public IReadOnlyList<HttpRoute> HttpRoutes { get; init; } = [];

    /// <summary>False when the cluster did not serve HTTPRoutes (gateway.networking.k8s.io/v1) when the operator started, so none are watched.</summary>
    public bool HttpRoutesServed { get; init; } = true;

    /// <summary>
    /// The pods of the Rollout's ReplicaSets (controller owner reference to one of them), in any order: for
    /// spec.restartAt and to bring running pods to their role's metadata.
    /// </summary>
    public IReadOnlyList<Pod> Pods { get; init; } = [];

    /// <summary>The AnalysisRuns the Rollout owns (controller owner reference to it), in any order.</summary>
    public IReadOnlyList<AnalysisRun> AnalysisRuns { get; init; } = [];

    /// <summary>
    /// The templates the Rollout's analyses name (steps and background) that exist: AnalysisTemplates of its
    /// namespace and ClusterAnalysisTemplates (clusterScope). A missing one is left out.
    /// </summary>
    public IReadOnlyList<NamedAnalysisTemplate> AnalysisTemplates { get; init; } = [];

    /// <summary>The time of this reconcile, from the controller's TimeProvider.</summary>
    public required DateTimeOffset Now { get; init; }
}
