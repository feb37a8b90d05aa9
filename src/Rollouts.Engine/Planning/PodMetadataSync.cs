using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Planning;

/// <summary>
/// strategy.canary.canaryMetadata and stableMetadata: labels and annotations on the pod template of the
/// ReplicaSet that holds the role, removed when the role ends (after promotion the new stable's pods get
/// stableMetadata instead of canaryMetadata; the old stable's lose theirs). For blue-green the same with
/// activeMetadata (the ReplicaSet the active service selects) and previewMetadata (the new one before the switch).
/// <list type="bullet">
/// <item>Only the ReplicaSet's pod template changes, never its selector nor the Rollout's template, so the
/// pod-template hash stays the same.</item>
/// <item>The keys the operator added are listed on the ReplicaSet in <see cref="ManagedLabelsKey"/> and
/// <see cref="ManagedAnnotationsKey"/>, so a key dropped from the Rollout's metadata is removed too. Keys of the
/// ReplicaSet's selector and the hash label are never touched.</item>
/// <item>A ReplicaSet the plan creates is created with its role's metadata, so its first pods have it; pods
/// already running (<see cref="Observation.Pods"/>) are patched to their ReplicaSet's role.</item>
/// </list>
/// </summary>
public static class PodMetadataSync
{
    public const string ManagedLabelsKey = "rollouts.dev/role-pod-labels";
    public const string ManagedAnnotationsKey = "rollouts.dev/role-pod-annotations";

    /// <summary>
    /// Adds to the plan what brings every ReplicaSet of the Rollout to its role's metadata: the stable's
    /// (<paramref name="stableHash"/>), the canary's (<paramref name="canaryHash"/> when it differs), none for the others.
    /// </summary>
    /// <summary>The metadata of the two roles: canary's stableMetadata and canaryMetadata, or blue-green's activeMetadata and previewMetadata.</summary>
    private static (PodMetadata? Stable, PodMetadata? Canary) Roles(Rollout rollout) =>
        rollout.Spec?.Strategy switch
        {
            { BlueGreen: { } blueGreen } => (blueGreen.ActiveMetadata, blueGreen.PreviewMetadata),
            var strategy => (strategy?.Canary?.StableMetadata, strategy?.Canary?.CanaryMetadata),
        };

    internal static void Plan(PlanBuilder plan, Rollout rollout, IEnumerable<ReplicaSet> replicaSets, IReadOnlyList<Pod> pods, string stableHash, string canaryHash)
    {
        var (stableMetadata, canaryMetadata) = Roles(rollout);
        PodMetadata? RoleOf(string? hash) =>
            hash == stableHash ? stableMetadata : hash == canaryHash ? canaryMetadata : null;

        plan.Replace(action => action is CreateReplicaSet create && RoleOf(OwnedReplicaSets.HashOf(create.ReplicaSet)) is { } role
            ? new CreateReplicaSet(WithRole(create.ReplicaSet, role))
            : action);

        var deleted = plan.Actions.OfType<DeleteReplicaSet>().Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var replicaSet in replicaSets.Where(rs => !deleted.Contains(rs.Metadata.Name!)))
        {
            var role = RoleOf(OwnedReplicaSets.HashOf(replicaSet));
            if (Sync(replicaSet, role) is { } sync)
            {
                plan.Add(sync);
            }

            // Pods already running get the role's metadata too (a ReplicaSet's template reaches only new pods).
            string[] roleKeys(Func<PodMetadata?, IReadOnlyDictionary<string, string>?> of) =>
                [.. of(canaryMetadata)?.Keys ?? [], .. of(stableMetadata)?.Keys ?? []];
            var managedLabels = roleKeys(m => m?.Labels).Concat(Managed(replicaSet, ManagedLabelsKey)).Distinct().ToList();
            var managedAnnotations = roleKeys(m => m?.Annotations).Concat(Managed(replicaSet, ManagedAnnotationsKey)).Distinct().ToList();
            var protectedKeys = ProtectedKeys(replicaSet);
            foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is null && IsControlledBy(p, replicaSet)))
            {
                var labels = Changes(pod.Metadata.Labels, managedLabels, Wanted(role?.Labels, protectedKeys));
                var annotations = Changes(pod.Metadata.Annotations, managedAnnotations, Wanted(role?.Annotations, []));
                if (labels.Count > 0 || annotations.Count > 0)
                {
                    plan.Add(new PatchPodMetadata(pod.Metadata.Name!, labels, annotations));
                }
            }
        }
    }

    private static bool IsControlledBy(Pod pod, ReplicaSet replicaSet) =>
        replicaSet.Metadata.Uid is { } uid && pod.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == uid) == true;

    /// <summary>The patch that gives <paramref name="replicaSet"/>'s pod template <paramref name="role"/>'s metadata, or null when it has it.</summary>
    public static SyncPodMetadata? Sync(ReplicaSet replicaSet, PodMetadata? role)
    {
        var protectedKeys = ProtectedKeys(replicaSet);
        var template = replicaSet.Spec?.Template?.Metadata;
        var labels = Changes(template?.Labels, Managed(replicaSet, ManagedLabelsKey), Wanted(role?.Labels, protectedKeys));
        var annotations = Changes(template?.Annotations, Managed(replicaSet, ManagedAnnotationsKey), Wanted(role?.Annotations, []));
        var managedLabels = KeyList(Wanted(role?.Labels, protectedKeys));
        var managedAnnotations = KeyList(Wanted(role?.Annotations, []));
        if (labels.Count == 0 && annotations.Count == 0
            && Annotation(replicaSet, ManagedLabelsKey) == managedLabels && Annotation(replicaSet, ManagedAnnotationsKey) == managedAnnotations)
        {
            return null;
        }

        return new SyncPodMetadata(replicaSet.Metadata.Name!, labels, annotations, managedLabels, managedAnnotations);
    }

    /// <summary><paramref name="replicaSet"/> with <paramref name="role"/>'s metadata in its pod template and its keys listed as managed.</summary>
    public static ReplicaSet WithRole(ReplicaSet replicaSet, PodMetadata role)
    {
        var protectedKeys = ProtectedKeys(replicaSet);
        var labels = Wanted(role.Labels, protectedKeys);
        var annotations = Wanted(role.Annotations, []);
        var template = replicaSet.Spec?.Template ?? new PodTemplateSpec();
        var metadata = template.Metadata ?? new ObjectMeta();
        var owned = new SortedDictionary<string, string>(replicaSet.Metadata.Annotations?.ToDictionary() ?? [], StringComparer.Ordinal);
        SetOrRemove(owned, ManagedLabelsKey, KeyList(labels));
        SetOrRemove(owned, ManagedAnnotationsKey, KeyList(annotations));
        return replicaSet with
        {
            Metadata = replicaSet.Metadata with { Annotations = owned.Count == 0 ? null : owned },
            Spec = (replicaSet.Spec ?? new ReplicaSetSpec()) with
            {
                Template = template with
                {
                    Metadata = metadata with
                    {
                        Labels = Merge(metadata.Labels, labels),
                        Annotations = annotations.Count == 0 ? metadata.Annotations : Merge(metadata.Annotations, annotations),
                    },
                },
            },
        };
    }

    private static HashSet<string> ProtectedKeys(ReplicaSet replicaSet) =>
        [RolloutLabels.PodTemplateHash, .. replicaSet.Spec?.Selector?.MatchLabels?.Keys ?? []];

    private static SortedDictionary<string, string> Wanted(IReadOnlyDictionary<string, string>? values, HashSet<string> protectedKeys) =>
        new((values ?? new Dictionary<string, string>()).Where(p => !protectedKeys.Contains(p.Key)).ToDictionary(), StringComparer.Ordinal);

    /// <summary>Keys to set (value) or remove (null): wanted ones that differ, managed ones no longer wanted.</summary>
    private static SortedDictionary<string, string?> Changes(
        IReadOnlyDictionary<string, string>? current, IReadOnlyList<string> managed, SortedDictionary<string, string> wanted)
    {
        var changes = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var key in managed.Where(k => !wanted.ContainsKey(k) && current?.ContainsKey(k) == true))
        {
            changes[key] = null;
        }

        foreach (var (key, value) in wanted.Where(p => current?.GetValueOrDefault(p.Key) != p.Value))
        {
            changes[key] = value;
        }

        return changes;
    }

    private static IReadOnlyList<string> Managed(ReplicaSet replicaSet, string key) =>
        Annotation(replicaSet, key) is { } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];

    private static string? Annotation(ReplicaSet replicaSet, string key) => replicaSet.Metadata.Annotations?.GetValueOrDefault(key);

    private static string? KeyList(SortedDictionary<string, string> values) => values.Count == 0 ? null : string.Join(',', values.Keys);

    private static SortedDictionary<string, string> Merge(IReadOnlyDictionary<string, string>? values, SortedDictionary<string, string> added)
    {
        var merged = new SortedDictionary<string, string>(values?.ToDictionary() ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in added)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static void SetOrRemove(SortedDictionary<string, string> values, string key, string? value)
    {
        if (value is null)
        {
            values.Remove(key);
        }
        else
        {
            values[key] = value;
        }
    }
}
