using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Tests.Support;

namespace Rollouts.Kubernetes.Tests.Conformance;

/// <summary>
/// metadata.generation moves with the spec only, so that status.observedGeneration tells a controller
/// whether it has seen the latest spec; status subresource writes touch only status.
/// </summary>
public class GenerationTests : SandboxTest
{
    [Fact]
    public async Task Generation_moves_with_spec_and_not_with_labels_annotations_or_status()
    {
        var created = await ReplicaSetClient.CreateAsync(Workloads.ReplicaSet("web", replicas: 1));

        var labelled = await ReplicaSetClient.PatchAsync("default", "web", Patch.Merge("""{"metadata":{"labels":{"tier":"front"},"annotations":{"note":"x"}}}"""));
        var withStatus = await ReplicaSetClient.ReplaceStatusAsync(labelled with { Status = new ReplicaSetStatus { Replicas = 1, ObservedGeneration = 1 } });
        var scaled = await ReplicaSetClient.ReplaceAsync(withStatus with { Spec = withStatus.Spec! with { Replicas = 3 } });

        Assert.Equal([1L, 1L, 1L, 2L], new[] { created, labelled, withStatus, scaled }.Select(r => r.Metadata.Generation!.Value));
    }

    [Fact]
    public async Task Status_writes_take_only_status_and_spec_writes_ignore_status()
    {
        var created = await ReplicaSetClient.CreateAsync(Workloads.ReplicaSet("split", replicas: 1) with { Status = new ReplicaSetStatus { Replicas = 9 } });

        var statusWrite = await ReplicaSetClient.ReplaceStatusAsync(created with
        {
            Spec = created.Spec! with { Replicas = 5 },
            Status = new ReplicaSetStatus { Replicas = 1, ReadyReplicas = 1 },
        });
        var specWrite = await ReplicaSetClient.ReplaceAsync(statusWrite with { Status = new ReplicaSetStatus { Replicas = 7 } });
        var patched = await ReplicaSetClient.PatchStatusAsync("default", "split", Patch.Merge("""{"spec":{"replicas":4},"status":{"availableReplicas":1}}"""));

        Assert.Null(created.Status?.Replicas);
        Assert.Equal(1, statusWrite.Spec!.Replicas);
        Assert.Equal(1, statusWrite.Status!.ReadyReplicas);
        Assert.Equal(1, specWrite.Status!.Replicas);
        Assert.Equal(1, patched.Spec!.Replicas);
        Assert.Equal(1, patched.Status!.AvailableReplicas);
    }

    [Fact]
    public async Task The_scale_subresource_reads_and_writes_spec_replicas()
    {
        await ReplicaSetClient.CreateAsync(Workloads.ReplicaSet("scaled", replicas: 2));

        var scale = await ReplicaSetClient.GetScaleAsync("default", "scaled");
        await ReplicaSetClient.ReplaceScaleAsync("default", "scaled", scale with { Spec = new ScaleSpec { Replicas = 4 } });

        Assert.Equal(2, scale.Spec!.Replicas);
        Assert.Equal(4, (await ReplicaSetClient.GetAsync("default", "scaled")).Spec!.Replicas);
    }
}
