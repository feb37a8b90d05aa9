using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Planning;

/// <summary>The owner reference the operator puts on the objects it makes for a Rollout, and the test that an object carries it.</summary>
public static class RolloutOwnership
{
    /// <summary>A controller reference to <paramref name="rollout"/>: the garbage collector deletes the object with it.</summary>
    public static OwnerReference ControllerReference(Rollout rollout) => new()
    {
        ApiVersion = Rollout.GroupVersion,
        Kind = "Rollout",
        Name = rollout.Metadata.Name,
        Uid = rollout.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>True when <paramref name="metadata"/> has a controller reference to <paramref name="rollout"/> (by uid when both have one).</summary>
    public static bool IsControlledBy(ObjectMeta metadata, Rollout rollout) =>
        (metadata.OwnerReferences ?? []).Any(owner =>
            owner.Controller == true &&
            owner.Kind == "Rollout" &&
            owner.Name == rollout.Metadata.Name &&
            (owner.Uid is null || rollout.Metadata.Uid is null || owner.Uid == rollout.Metadata.Uid));
}
