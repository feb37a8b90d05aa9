using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Discovery;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.Tests.ApiServer.Resources;

namespace Rollouts.Sandbox.Tests.ApiServer.Discovery;

public class LegacyDiscoveryTests
{
    private static readonly ResourceRegistry Registry = TestCrds.RegistryWithRollout();

    [Fact]
    public void Api_versions_lists_v1_and_the_server_address()
    {
        AssertJson(
            """
            {
              "kind": "APIVersions",
              "versions": ["v1"],
              "serverAddressByClientCIDRs": [ { "clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:6443" } ]
            }
            """,
            LegacyDiscovery.ApiVersions(Registry, "127.0.0.1:6443"));
    }

    [Fact]
    public void The_group_list_names_every_named_group_with_its_preferred_version()
    {
        var list = LegacyDiscovery.ApiGroupList(Registry);

        Assert.Equal("APIGroupList", list["kind"]!.GetValue<string>());
        Assert.Equal("v1", list["apiVersion"]!.GetValue<string>());
        var groups = list["groups"]!.AsArray();
        Assert.DoesNotContain(groups, g => g!["name"]!.GetValue<string>() == "");
        AssertJson(
            """
            {
              "name": "rollouts.dev",
              "versions": [ { "groupVersion": "rollouts.dev/v1alpha1", "version": "v1alpha1" } ],
              "preferredVersion": { "groupVersion": "rollouts.dev/v1alpha1", "version": "v1alpha1" }
            }
            """,
            groups.Single(g => g!["name"]!.GetValue<string>() == "rollouts.dev"));
    }

    [Fact]
    public void A_group_document_is_served_for_named_groups_only()
    {
        AssertJson(
            """
            {
              "kind": "APIGroup", "apiVersion": "v1", "name": "apps",
              "versions": [ { "groupVersion": "apps/v1", "version": "v1" } ],
              "preferredVersion": { "groupVersion": "apps/v1", "version": "v1" }
            }
            """,
            LegacyDiscovery.ApiGroup(Registry, "apps"));
        Assert.Null(LegacyDiscovery.ApiGroup(Registry, ""));
        Assert.Null(LegacyDiscovery.ApiGroup(Registry, "batch"));
    }

    [Fact]
    public void A_resource_list_shows_subresources_as_their_own_entries()
    {
        var list = LegacyDiscovery.ApiResourceList(Registry, "apps", "v1");

        AssertJson(
            """
            {
              "kind": "APIResourceList",
              "apiVersion": "v1",
              "groupVersion": "apps/v1",
              "resources": [
                { "name": "deployments", "singularName": "deployment", "namespaced": true, "kind": "Deployment",
                  "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                  "shortNames": ["deploy"], "categories": ["all"] },
                { "name": "deployments/scale", "singularName": "", "namespaced": true, "group": "autoscaling", "version": "v1",
                  "kind": "Scale", "verbs": ["get", "patch", "update"] },
                { "name": "deployments/status", "singularName": "", "namespaced": true, "kind": "Deployment",
                  "verbs": ["get", "patch", "update"] },
                { "name": "replicasets", "singularName": "replicaset", "namespaced": true, "kind": "ReplicaSet",
                  "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                  "shortNames": ["rs"], "categories": ["all"] },
                { "name": "replicasets/scale", "singularName": "", "namespaced": true, "group": "autoscaling", "version": "v1",
                  "kind": "Scale", "verbs": ["get", "patch", "update"] },
                { "name": "replicasets/status", "singularName": "", "namespaced": true, "kind": "ReplicaSet",
                  "verbs": ["get", "patch", "update"] }
              ]
            }
            """,
            list);
    }

    [Fact]
    public void The_core_resource_list_has_no_api_version_and_includes_pods_status()
    {
        var list = LegacyDiscovery.ApiResourceList(Registry, "", "v1")!;

        Assert.False(list.ContainsKey("apiVersion"));
        Assert.Equal("v1", list["groupVersion"]!.GetValue<string>());
        var names = list["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("pods", names);
        Assert.Contains("pods/status", names);
        Assert.Contains("namespaces/status", names);
        Assert.DoesNotContain("configmaps/status", names);
    }

    [Fact]
    public void The_custom_resource_list_follows_the_crd()
    {
        var names = LegacyDiscovery.ApiResourceList(Registry, "rollouts.dev", "v1alpha1")!["resources"]!.AsArray()
            .Select(r => r!["name"]!.GetValue<string>());

        Assert.Equal(["rollouts", "rollouts/scale", "rollouts/status"], names);
        Assert.Null(LegacyDiscovery.ApiResourceList(Registry.WithoutCustom("rollouts.dev", "rollouts"), "rollouts.dev", "v1alpha1"));
        Assert.Null(LegacyDiscovery.ApiResourceList(Registry, "apps", "v1beta1"));
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), TestJson.Compact(actual));
}
