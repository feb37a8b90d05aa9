using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Discovery;
using Rollouts.Sandbox.Tests.ApiServer.Resources;

namespace Rollouts.Sandbox.Tests.ApiServer.Discovery;

public class AggregatedDiscoveryTests
{
    private static JsonObject Resource(JsonObject list, string group, string version, string plural) =>
        list["items"]!.AsArray()
            .Single(i => (i!["metadata"]?["name"]?.GetValue<string>() ?? "") == group)!["versions"]!.AsArray()
            .Single(v => v!["version"]!.GetValue<string>() == version)!["resources"]!.AsArray()
            .Single(r => r!["resource"]!.GetValue<string>() == plural)!.AsObject();

    [Fact]
    public void The_content_type_is_the_one_kubectl_requires()
    {
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", AggregatedDiscovery.ContentType);
    }

    [Fact]
    public void Api_lists_only_the_core_group_without_a_name()
    {
        var list = AggregatedDiscovery.ForCoreGroup(TestCrds.RegistryWithRollout());

        Assert.Equal("APIGroupDiscoveryList", list["kind"]!.GetValue<string>());
        Assert.Equal("apidiscovery.k8s.io/v2", list["apiVersion"]!.GetValue<string>());
        var group = Assert.Single(list["items"]!.AsArray())!;
        Assert.Null(group["metadata"]!["name"]);
        var version = Assert.Single(group["versions"]!.AsArray())!;
        Assert.Equal("v1", version["version"]!.GetValue<string>());
        Assert.Equal("Current", version["freshness"]!.GetValue<string>());
        Assert.Equal(
            ["configmaps", "endpoints", "events", "namespaces", "pods", "secrets", "serviceaccounts", "services"],
            version["resources"]!.AsArray().Select(r => r!["resource"]!.GetValue<string>()));
    }

    [Fact]
    public void A_pod_resource_has_scope_names_verbs_categories_and_its_status_subresource()
    {
        var pods = Resource(AggregatedDiscovery.ForCoreGroup(TestCrds.RegistryWithRollout()), "", "v1", "pods");

        AssertJson(
            """
            {
              "resource": "pods",
              "responseKind": { "group": "", "version": "v1", "kind": "Pod" },
              "scope": "Namespaced",
              "singularResource": "pod",
              "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
              "shortNames": ["po"],
              "categories": ["all"],
              "subresources": [
                { "subresource": "status", "responseKind": { "group": "", "version": "v1", "kind": "Pod" }, "verbs": ["get", "patch", "update"] }
              ]
            }
            """,
            pods);
    }

    [Fact]
    public void Apis_lists_named_groups_with_their_resources()
    {
        var list = AggregatedDiscovery.ForNamedGroups(TestCrds.RegistryWithRollout());

        Assert.Equal(
            ["apps", "events.k8s.io", "authentication.k8s.io", "networking.k8s.io", "rbac.authorization.k8s.io", "apiextensions.k8s.io", "coordination.k8s.io", "rollouts.dev"],
            list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        AssertJson(
            """
            {
              "resource": "deployments",
              "responseKind": { "group": "apps", "version": "v1", "kind": "Deployment" },
              "scope": "Namespaced",
              "singularResource": "deployment",
              "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
              "shortNames": ["deploy"],
              "categories": ["all"],
              "subresources": [
                { "subresource": "scale", "responseKind": { "group": "autoscaling", "version": "v1", "kind": "Scale" }, "verbs": ["get", "patch", "update"] },
                { "subresource": "status", "responseKind": { "group": "apps", "version": "v1", "kind": "Deployment" }, "verbs": ["get", "patch", "update"] }
              ]
            }
            """,
            Resource(list, "apps", "v1", "deployments"));
    }

    [Fact]
    public void A_custom_resource_is_advertised_with_its_crd_names_and_subresources()
    {
        var rollouts = Resource(AggregatedDiscovery.ForNamedGroups(TestCrds.RegistryWithRollout()), "rollouts.dev", "v1alpha1", "rollouts");

        AssertJson(
            """
            {
              "resource": "rollouts",
              "responseKind": { "group": "rollouts.dev", "version": "v1alpha1", "kind": "Rollout" },
              "scope": "Namespaced",
              "singularResource": "rollout",
              "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
              "shortNames": ["ro"],
              "categories": ["all"],
              "subresources": [
                { "subresource": "scale", "responseKind": { "group": "autoscaling", "version": "v1", "kind": "Scale" }, "verbs": ["get", "patch", "update"] },
                { "subresource": "status", "responseKind": { "group": "rollouts.dev", "version": "v1alpha1", "kind": "Rollout" }, "verbs": ["get", "patch", "update"] }
              ]
            }
            """,
            rollouts);
    }

    [Fact]
    public void Cluster_scoped_kinds_without_short_names_or_subresources_leave_those_fields_out()
    {
        var reviews = Resource(AggregatedDiscovery.ForNamedGroups(TestCrds.RegistryWithRollout()), "authentication.k8s.io", "v1", "selfsubjectreviews");

        AssertJson(
            """
            {
              "resource": "selfsubjectreviews",
              "responseKind": { "group": "authentication.k8s.io", "version": "v1", "kind": "SelfSubjectReview" },
              "scope": "Cluster",
              "singularResource": "selfsubjectreview",
              "verbs": ["create"]
            }
            """,
            reviews);
    }

    [Fact]
    public void Versions_of_a_group_come_preferred_first()
    {
        var rollout = TestCrds.RolloutTypes()[0];
        var registry = Rollouts.Sandbox.ApiServer.Resources.ResourceRegistry.Create(
            [rollout, rollout with { Version = "v1", IsStorageVersion = false }]);

        var list = AggregatedDiscovery.ForNamedGroups(registry);

        var group = list["items"]!.AsArray().Single(i => i!["metadata"]!["name"]!.GetValue<string>() == "rollouts.dev")!;
        Assert.Equal(["v1", "v1alpha1"], group["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
    }

    [Fact]
    public void Without_the_crd_its_group_disappears()
    {
        var registry = TestCrds.RegistryWithRollout().WithoutCustom("rollouts.dev", "rollouts");

        var list = AggregatedDiscovery.ForNamedGroups(registry);

        Assert.DoesNotContain(list["items"]!.AsArray(), i => i!["metadata"]!["name"]!.GetValue<string>() == "rollouts.dev");
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), TestJson.Compact(actual));
}
