using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Cluster;

/// <summary>A Rollout and the objects that belong to it: its ReplicaSets and AnalysisRuns (controller reference to it).</summary>
internal sealed record RolloutFamily(Rollout Rollout, IReadOnlyList<ReplicaSet> ReplicaSets, IReadOnlyList<AnalysisRun> AnalysisRuns)
{
    /// <summary>
    /// The label selector that finds the Rollout's ReplicaSets without reading any other: its pod selector's
    /// labels (which every ReplicaSet of it carries) and the pod-template-hash label.
    /// </summary>
    public static string ReplicaSetSelector(Rollout rollout)
    {
        var labels = rollout.Spec?.Selector?.MatchLabels ?? new Dictionary<string, string>();
        return string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}").Prepend(RolloutLabels.PodTemplateHash));
    }

    /// <summary>AnalysisRuns of a Rollout carry the pod-template hash of the version they measure.</summary>
    public const string AnalysisRunSelector = RolloutLabels.PodTemplateHash;

    /// <summary>Reads the Rollout, then only the ReplicaSets and AnalysisRuns its labels select, kept when it controls them.</summary>
    public static async Task<RolloutFamily> ReadAsync(ClusterSession session, string name, CancellationToken cancellationToken)
    {
        var rollout = await session.Rollouts.GetAsync(session.Namespace, name, cancellationToken).ConfigureAwait(false);
        var replicaSets = await session.ReplicaSets
            .ListAllAsync(session.Namespace, new ListOptions { LabelSelector = ReplicaSetSelector(rollout) }, cancellationToken)
            .ConfigureAwait(false);
        var runs = await session.AnalysisRuns
            .ListAllAsync(session.Namespace, new ListOptions { LabelSelector = AnalysisRunSelector }, cancellationToken)
            .ConfigureAwait(false);
        return Of(rollout, replicaSets.Items, runs.Items);
    }

    /// <summary>The family among the given objects: those the Rollout controls.</summary>
    public static RolloutFamily Of(Rollout rollout, IEnumerable<ReplicaSet> replicaSets, IEnumerable<AnalysisRun> runs) => new(
        rollout,
        [.. replicaSets.Where(rs => RolloutOwnership.IsControlledBy(rs.Metadata, rollout))],
        [.. runs.Where(run => RolloutOwnership.IsControlledBy(run.Metadata, rollout))]);
}
