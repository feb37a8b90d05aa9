using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Kubernetes.Tests.Conformance;

/// <summary>Finalizers and garbage collection by owner reference, which the operator's cleanup relies on.</summary>
public class LifecycleTests : SandboxTest
{
    [Fact]
    public async Task A_finalizer_holds_a_deleted_object_until_it_is_removed()
    {
        await ConfigMapClient.CreateAsync(ConfigMaps.New("held", finalizers: ["rollouts.dev/cleanup"]));

        await ConfigMapClient.DeleteAsync("default", "held");
        var marked = await ConfigMapClient.GetAsync("default", "held");
        var addWhileDeleting = await Assert.ThrowsAsync<InvalidException>(() => ConfigMapClient.PatchAsync(
            "default", "held", Patch.Merge("""{"metadata":{"finalizers":["rollouts.dev/cleanup","example.com/more"]}}""")));
        await ConfigMapClient.PatchAsync("default", "held", Patch.Merge("""{"metadata":{"finalizers":null}}"""));

        Assert.NotNull(marked.Metadata.DeletionTimestamp);
        Assert.Equal(["rollouts.dev/cleanup"], marked.Metadata.Finalizers!);
        Assert.Equal(422, addWhileDeleting.Code);
        Assert.Null(await ConfigMapClient.GetOrDefaultAsync("default", "held"));
    }

    [Fact]
    public async Task Dependents_of_a_deleted_owner_are_collected_and_others_stay()
    {
        var owner = await ReplicaSetClient.CreateAsync(Workloads.ReplicaSet("owner", replicas: 1));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("dependent", owners: [ConfigMaps.OwnedBy(owner)]));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("bystander"));

        await ReplicaSetClient.DeleteAsync("default", "owner");

        await Eventually.WaitUntilAsync(
            async () => await ConfigMapClient.GetOrDefaultAsync("default", "dependent") is null, "the dependent to be collected");
        Assert.NotNull(await ConfigMapClient.GetOrDefaultAsync("default", "bystander"));
    }

    [Fact]
    public async Task Orphan_deletion_leaves_dependents_without_the_owner_reference()
    {
        var owner = await ReplicaSetClient.CreateAsync(Workloads.ReplicaSet("parent", replicas: 1));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("orphan", owners: [ConfigMaps.OwnedBy(owner)]));

        await ReplicaSetClient.DeleteAsync("default", "parent", new DeleteOptions { PropagationPolicy = PropagationPolicy.Orphan });

        await Eventually.WaitUntilAsync(
            async () => await ReplicaSetClient.GetOrDefaultAsync("default", "parent") is null, "the owner to be deleted");
        var orphan = await ConfigMapClient.GetAsync("default", "orphan");
        Assert.True(orphan.Metadata.OwnerReferences is null or { Count: 0 });
    }

    [Fact]
    public async Task Foreground_deletion_keeps_the_owner_until_its_blocking_dependents_are_gone()
    {
        var owner = await ReplicaSetClient.CreateAsync(Workloads.ReplicaSet("front", replicas: 1));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("blocker", owners: [ConfigMaps.OwnedBy(owner, blockOwnerDeletion: true)]));

        await ReplicaSetClient.DeleteAsync("default", "front", new DeleteOptions { PropagationPolicy = PropagationPolicy.Foreground });
        var deleting = await ReplicaSetClient.GetOrDefaultAsync("default", "front");

        await Eventually.WaitUntilAsync(
            async () => await ReplicaSetClient.GetOrDefaultAsync("default", "front") is null, "the owner to be deleted");
        Assert.Null(await ConfigMapClient.GetOrDefaultAsync("default", "blocker"));
        Assert.True(deleting is null || deleting.Metadata.DeletionTimestamp is not null);
    }

    [Fact]
    public async Task Deleting_a_missing_object_is_NotFound()
    {
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => ConfigMapClient.DeleteAsync("default", "never"));

        Assert.Equal(404, missing.Code);
        Assert.Equal("never", missing.Details?.Name);
    }
}
