using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Planning;

/// <summary>Builds the ReplicaSet of a Rollout for one template hash.</summary>
internal static class ReplicaSetFactory
{
    /// <summary>
    /// <c>&lt;rollout&gt;-&lt;hash&gt;</c>: the template's labels plus the hash label on the ReplicaSet and its
    /// pods, the Rollout's selector plus the hash, and a controller reference to the Rollout.
    /// </summary>
    public static ReplicaSet Create(Rollout rollout, string hash, int replicas)
    {
        var spec = rollout.Spec ?? new RolloutSpec();
        var template = spec.Template ?? new PodTemplateSpec();
        var labels = WithHash(template.Metadata?.Labels, hash);
        var selector = spec.Selector ?? new LabelSelector();

        return new ReplicaSet
        {
            Metadata = new ObjectMeta
            {
                Name = OwnedReplicaSets.NameFor(rollout.Metadata.Name ?? "", hash),
                Namespace = rollout.Metadata.Namespace,
                Labels = labels,
                OwnerReferences = [RolloutOwnership.ControllerReference(rollout)],
            },
            Spec = new ReplicaSetSpec
            {
                Replicas = replicas,
                MinReadySeconds = spec.MinReadySeconds,
                Selector = selector with { MatchLabels = WithHash(selector.MatchLabels, hash) },
                Template = template with { Metadata = (template.Metadata ?? new ObjectMeta()) with { Labels = labels } },
            },
        };
    }

    /// <summary>
    /// Plans the ReplicaSet of <paramref name="hash"/> at <paramref name="replicas"/>: created when missing, scaled
    /// otherwise, and its scale-down deadline taken off (it is wanted).
    /// </summary>
    public static void Ensure(StrategyContext context, PlanBuilder plan, string hash, int replicas)
    {
        var replicaSet = context.ReplicaSets.Find(hash);
        if (replicaSet is null)
        {
            plan.Add(new CreateReplicaSet(Create(context.Rollout, hash, replicas)));
            return;
        }

        if (OwnedReplicaSets.SpecReplicas(replicaSet) != replicas)
        {
            plan.Add(new ScaleReplicaSet(replicaSet.Metadata.Name!, replicas));
        }

        if (ScaleDownDeadline.Read(replicaSet) is not null)
        {
            plan.Add(new AnnotateReplicaSet(replicaSet.Metadata.Name!, null));
        }
    }

    private static SortedDictionary<string, string> WithHash(IReadOnlyDictionary<string, string>? labels, string hash) =>
        new(labels?.ToDictionary() ?? [], StringComparer.Ordinal) { [RolloutLabels.PodTemplateHash] = hash };
}
