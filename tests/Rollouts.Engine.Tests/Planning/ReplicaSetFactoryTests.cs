using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Planning;

public class ReplicaSetFactoryTests
{
    [Fact]
    public void The_ReplicaSet_is_named_labelled_selected_and_owned_by_its_hash_and_Rollout()
    {
        var rollout = RolloutWorld.Create("setWeight 20", spec: s => s with { MinReadySeconds = 10 }).Rollout;

        var rs = ReplicaSetFactory.Create(rollout, "abc123", 3);

        Assert.Equal("web-abc123", rs.Metadata.Name);
        Assert.Equal("shop", rs.Metadata.Namespace);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", [RolloutLabels.PodTemplateHash] = "abc123" }, rs.Metadata.Labels);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", [RolloutLabels.PodTemplateHash] = "abc123" }, rs.Spec!.Selector!.MatchLabels);
        Assert.Equal(rs.Metadata.Labels, rs.Spec.Template!.Metadata!.Labels);
        Assert.Equal("web:1", rs.Spec.Template.Spec!.Containers![0].Image);
        Assert.Equal((3, 10), (rs.Spec.Replicas, rs.Spec.MinReadySeconds));
        var owner = Assert.Single(rs.Metadata.OwnerReferences!);
        Assert.Equal(("Rollout", "web", "uid-web", true, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        Assert.True(RolloutOwnership.IsControlledBy(rs.Metadata, rollout));
        Assert.Null(rollout.Spec!.Template!.Metadata!.Labels!.GetValueOrDefault(RolloutLabels.PodTemplateHash));
    }

    [Theory]
    [InlineData("uid-web", true)]
    [InlineData("uid-other", false)]
    [InlineData(null, true)]
    public void Ownership_is_checked_by_uid_when_there_is_one(string? uid, bool controlled)
    {
        var rollout = RolloutWorld.Create("").Rollout;
        var metadata = new ObjectMeta { OwnerReferences = [new OwnerReference { Kind = "Rollout", Name = "web", Uid = uid, Controller = true }] };

        Assert.Equal(controlled, RolloutOwnership.IsControlledBy(metadata, rollout));
    }
}
