using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.Tests.ApiServer.Resources;

public class ResourceRegistryTests
{
    private static ResourceType Rollout(string version, bool storage = true) =>
        TestCrds.RolloutTypes()[0] with { Version = version, IsStorageVersion = storage };

    [Fact]
    public void Built_in_types_are_found_by_resource_and_by_kind()
    {
        var registry = ResourceRegistry.BuiltIn;

        Assert.Same(BuiltInTypes.Deployments, registry.Find("apps", "v1", "deployments"));
        Assert.Same(BuiltInTypes.Pods, registry.Find("", "v1", "pods"));
        Assert.Same(BuiltInTypes.Ingresses, registry.FindByKind("networking.k8s.io", "v1", "Ingress"));
        Assert.Same(BuiltInTypes.Events, registry.FindByKind("events.k8s.io", "v1", "Event"));
        Assert.Same(BuiltInTypes.CoreEvents, registry.FindByKind("", "v1", "Event"));
        Assert.Null(registry.Find("apps", "v1beta1", "deployments"));
        Assert.Null(registry.Find("rollouts.dev", "v1alpha1", "rollouts"));
        Assert.Empty(registry.Custom);
    }

    [Fact]
    public void A_group_version_lists_its_types_by_plural()
    {
        var apps = ResourceRegistry.BuiltIn.InGroupVersion("apps", "v1");

        Assert.Equal(["deployments", "replicasets"], apps.Select(t => t.Plural));
        Assert.True(ResourceRegistry.BuiltIn.HasGroupVersion("", "v1"));
        Assert.False(ResourceRegistry.BuiltIn.HasGroupVersion("autoscaling", "v1"));
        Assert.Empty(ResourceRegistry.BuiltIn.InGroupVersion("rollouts.dev", "v1alpha1"));
    }

    [Fact]
    public void Groups_come_core_first_then_built_in_then_custom_by_name()
    {
        var registry = ResourceRegistry.Create([
            Rollout("v1alpha1"),
            TestCrds.RolloutTypes()[0] with { Group = "argoproj.io", Plural = "analysisruns", Kind = "AnalysisRun" },
        ]);

        Assert.Equal(
            ["", "apps", "events.k8s.io", "authentication.k8s.io", "networking.k8s.io", "rbac.authorization.k8s.io", "apiextensions.k8s.io",
                "coordination.k8s.io", "argoproj.io", "rollouts.dev"],
            registry.Groups.Select(g => g.Name));
    }

    [Fact]
    public void The_preferred_version_of_a_group_is_its_most_stable_newest_version()
    {
        var registry = ResourceRegistry.Create([Rollout("v1alpha1", storage: false), Rollout("v1beta1"), Rollout("v1alpha2", storage: false)]);

        var group = registry.FindGroup("rollouts.dev");

        Assert.NotNull(group);
        Assert.Equal<string>(["v1beta1", "v1alpha2", "v1alpha1"], group.Versions);
        Assert.Equal("v1beta1", group.PreferredVersion);
        Assert.Equal("rollouts.dev/v1beta1", group.GroupVersion(group.PreferredVersion));
    }

    [Fact]
    public void With_custom_returns_a_new_snapshot_and_replaces_every_version_of_the_same_resource()
    {
        var first = ResourceRegistry.Create([Rollout("v1alpha1", storage: false), Rollout("v1beta1")]);

        var second = first.WithCustom([Rollout("v1")]);

        Assert.NotNull(first.Find("rollouts.dev", "v1beta1", "rollouts"));
        Assert.Null(second.Find("rollouts.dev", "v1beta1", "rollouts"));
        Assert.Null(second.Find("rollouts.dev", "v1alpha1", "rollouts"));
        Assert.Equal("v1", second.Find("rollouts.dev", "v1", "rollouts")?.Version);
        Assert.Single(second.Custom);
    }

    [Fact]
    public void Without_custom_drops_the_resource_and_its_group_when_nothing_else_is_served_there()
    {
        var registry = TestCrds.RegistryWithRollout();

        var without = registry.WithoutCustom("rollouts.dev", "rollouts");

        Assert.NotNull(registry.Find("rollouts.dev", "v1alpha1", "rollouts"));
        Assert.Null(without.Find("rollouts.dev", "v1alpha1", "rollouts"));
        Assert.Null(without.FindGroup("rollouts.dev"));
        Assert.Equal<ResourceType>(ResourceRegistry.BuiltIn.All, without.All);
    }

    [Fact]
    public void Only_custom_types_can_be_added()
    {
        Assert.Throws<ArgumentException>(() => ResourceRegistry.BuiltIn.WithCustom([BuiltInTypes.Pods]));
    }
}
