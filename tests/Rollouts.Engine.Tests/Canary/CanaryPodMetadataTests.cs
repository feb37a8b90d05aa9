using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>canaryMetadata and stableMetadata: on the pod template of the ReplicaSet holding the role, only while it holds it.</summary>
public class CanaryPodMetadataTests
{
    private static readonly PodMetadata CanaryRole = new()
    {
        Labels = new Dictionary<string, string> { ["role"] = "canary" },
        Annotations = new Dictionary<string, string> { ["note"] = "new version" },
    };

    private static readonly PodMetadata StableRole = new() { Labels = new Dictionary<string, string> { ["role"] = "stable" } };

    [Fact]
    public void Each_ReplicaSet_carries_the_metadata_of_its_role_and_loses_it_when_the_role_ends()
    {
        var world = RolloutWorld.Create("setWeight 20, pause", strategy: c => c with { CanaryMetadata = CanaryRole, StableMetadata = StableRole });
        world.Run();
        Assert.Equal("stable", TemplateLabels(world, "web:1")["role"]);

        world.SetImage("web:2");
        world.Run();
        var canary = world.ReplicaSetOf("web:2")!;
        Assert.Equal("canary", TemplateLabels(world, "web:2")["role"]);
        Assert.Equal("new version", canary.Spec!.Template!.Metadata!.Annotations!["note"]);
        Assert.Equal(RolloutWorld.Hash("web:2"), canary.Spec.Template.Metadata.Labels![RolloutLabels.PodTemplateHash]);
        Assert.False(canary.Spec.Selector!.MatchLabels!.ContainsKey("role"));
        Assert.Equal("stable", TemplateLabels(world, "web:1")["role"]);
        Assert.Equal(20, world.CanaryWeight);

        world.Promote();
        world.Run();
        Assert.Equal(RolloutPhase.Healthy, world.Status.Phase);
        Assert.Equal(RolloutWorld.Hash("web:2"), world.Status.StableRS);
        Assert.Equal("stable", TemplateLabels(world, "web:2")["role"]);
        Assert.False(world.ReplicaSetOf("web:2")!.Spec!.Template!.Metadata!.Annotations?.ContainsKey("note") ?? false);
        Assert.False(TemplateLabels(world, "web:1").ContainsKey("role"));
        Assert.Empty(world.Plans[^1].Actions);
    }

    [Fact]
    public void The_canary_is_created_with_its_metadata_so_its_first_pods_have_it()
    {
        var world = RolloutWorld.Create("setWeight 20, pause", strategy: c => c with { CanaryMetadata = CanaryRole });
        world.Run();
        world.SetImage("web:2");

        var create = world.Reconcile().Actions.OfType<CreateReplicaSet>().Single();

        Assert.Equal("canary", create.ReplicaSet.Spec!.Template!.Metadata!.Labels!["role"]);
        Assert.Equal("role", create.ReplicaSet.Metadata.Annotations![PodMetadataSync.ManagedLabelsKey]);
    }

    [Fact]
    public void An_aborted_canary_keeps_its_role_until_the_update_ends()
    {
        var world = RolloutWorld.Create("setWeight 20, pause", strategy: c => c with { CanaryMetadata = CanaryRole });
        world.Run();
        world.SetImage("web:2");
        world.Run();
        world.Abort();
        world.Run();
        Assert.Equal("canary", TemplateLabels(world, "web:2")["role"]);

        world.SetImage("web:1");
        world.Run();
        Assert.False(TemplateLabels(world, "web:2").ContainsKey("role"));
    }

    [Fact]
    public void Running_pods_of_a_ReplicaSet_are_patched_to_its_role()
    {
        var world = RolloutWorld.Create("setWeight 20, pause", strategy: c => c with { CanaryMetadata = CanaryRole, StableMetadata = StableRole });
        world.Run();
        var stable = world.ReplicaSetOf("web:1")!;
        Pod PodOf(string name, params (string Key, string Value)[] labels) => new()
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Labels = labels.ToDictionary(l => l.Key, l => l.Value),
                Annotations = name == "p2" ? new Dictionary<string, string> { ["note"] = "new version" } : null,
                OwnerReferences = [new OwnerReference { Kind = "ReplicaSet", Name = stable.Metadata.Name, Uid = stable.Metadata.Uid, Controller = true }],
            },
        };
        Pod[] pods = [PodOf("p1", ("app", "web"), ("role", "stable")), PodOf("p2", ("app", "web"), ("role", "canary")), PodOf("p3", ("app", "web"))];

        var plan = RolloutPlanner.Plan(world.Observe() with { Pods = pods });

        Assert.Equal(["pod-labels p2 role=stable -note", "pod-labels p3 role=stable"], plan.Actions.OfType<PatchPodMetadata>().Select(a => a.ToString()));
    }

    [Theory]
    [InlineData("role=canary", "", "role=canary", null)]                       // already there: nothing to do
    [InlineData("role=canary", "", "role=stable", "pod-metadata web-x role=stable")]
    [InlineData("role=canary,tier=a", "role,tier", "role=canary", "pod-metadata web-x -tier")]  // dropped from the Rollout: removed
    [InlineData("role=canary,tier=a", "role", "", "pod-metadata web-x -role")]  // the role ended
    [InlineData("tier=a", "", "", null)]                                       // not ours: kept
    [InlineData("", "", "app=other", null)]                                    // a selector key is never touched
    [InlineData("", "", "rollouts-pod-template-hash=x", null)]                 // nor the hash
    public void A_ReplicaSet_gets_exactly_the_changes_its_role_needs(string current, string managed, string wanted, string? patch)
    {
        var labels = Pairs(current);
        labels["app"] = "web";
        var replicaSet = new ReplicaSet
        {
            Metadata = new ObjectMeta
            {
                Name = "web-x",
                Annotations = managed.Length == 0 ? null : new Dictionary<string, string> { [PodMetadataSync.ManagedLabelsKey] = managed },
            },
            Spec = new ReplicaSetSpec
            {
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = labels } },
            },
        };
        var role = wanted.Length == 0 ? null : new PodMetadata { Labels = Pairs(wanted) };

        var sync = PodMetadataSync.Sync(replicaSet, role);

        if (patch is null)
        {
            // Nothing to patch, except recording keys the role owns that the ReplicaSet already carries.
            Assert.True(sync is null || (sync.Labels.Count == 0 && sync.Annotations.Count == 0), sync?.ToString());
        }
        else
        {
            Assert.Equal(patch, sync?.ToString());
        }
    }

    private static IReadOnlyDictionary<string, string> TemplateLabels(RolloutWorld world, string image) =>
        world.ReplicaSetOf(image)!.Spec!.Template!.Metadata!.Labels!;

    private static Dictionary<string, string> Pairs(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
}
