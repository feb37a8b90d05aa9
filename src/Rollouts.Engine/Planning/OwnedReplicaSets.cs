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

    /// <summary>
    /// How many revisions <paramref name="olderHash"/>'s ReplicaSet stands before <paramref name="newerHash"/>'s, by
    /// creation time: 1 when it is the one made just before, 2 when one other was made between them, and so on; null
    /// when either is missing, has no creation time, or the first is not older than the second.
    /// </summary>
    public int? RevisionsBefore(string olderHash, string newerHash)
    {
        var older = Find(olderHash)?.Metadata.CreationTimestamp;
        var newer = Find(newerHash)?.Metadata.CreationTimestamp;
        if (older is null || newer is null || older >= newer)
        {
            return null;
        }

        return 1 + _all.Count(rs => rs.Metadata.CreationTimestamp is { } created && created > older && created < newer);
    }

    /// <summary>Every ReplicaSet whose hash is none of <paramref name="hashes"/>.</summary>
    public IReadOnlyList<ReplicaSet> Except(params string?[] hashes) =>
        [.. _all.Where(rs => !hashes.Contains(HashOf(rs)))];
}
