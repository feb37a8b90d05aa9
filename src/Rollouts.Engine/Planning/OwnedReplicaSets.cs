using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Planning;

/// <summary>The ReplicaSets of one Rollout, found by the pod-template hash on their labels.</summary>
internal sealed class OwnedReplicaSets
{
    private readonly IReadOnlyList<ReplicaSet> _all;

    /// <summary>Keeps those not being deleted and labelled with a hash.</summary>
    public OwnedReplicaSets(IEnumerable<ReplicaSet> replicaSets)
    {
        _all = [.. replicaSets.Where(rs => rs.Metadata.DeletionTimestamp is null && HashOf(rs) is not null)];
    }

    public IReadOnlyList<ReplicaSet> All => _all;

    /// <summary><c>&lt;rollout&gt;-&lt;hash&gt;</c>.</summary>
    public static string NameFor(string rolloutName, string hash) => $"{rolloutName}-{hash}";

    public static string? HashOf(ReplicaSet replicaSet) =>
        replicaSet.Metadata.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash);

    public static int SpecReplicas(ReplicaSet? replicaSet) => replicaSet?.Spec?.Replicas ?? 0;

    public static int AvailableReplicas(ReplicaSet? replicaSet) => replicaSet?.Status?.AvailableReplicas ?? 0;

    public ReplicaSet? Find(string? hash) =>
        hash is null ? null : _all.FirstOrDefault(rs => HashOf(rs) == hash);

    /// <summary>Every ReplicaSet whose hash is none of <paramref name="hashes"/>.</summary>
    public IReadOnlyList<ReplicaSet> Except(params string?[] hashes) =>
        [.. _all.Where(rs => !hashes.Contains(HashOf(rs)))];
}
