using System.Text;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Discovery;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.Tests.ApiServer.Resources;

namespace Rollouts.Sandbox.Tests.ApiServer.Discovery;

public class OpenApiV3DocumentsTests
{
    private static readonly ResourceRegistry Registry = TestCrds.RegistryWithRollout();

    /// <summary>
    /// What kubectl checks before leaving field validation to the server: among the patch operations
    /// tagged with the kind's group-version-kind, each must list a fieldValidation parameter, and one must exist.
    /// </summary>
    private static bool SupportsFieldValidation(JsonObject document, ResourceType type)
    {
        var found = false;
        foreach (var (_, item) in document["paths"]!.AsObject())
        {
            var patch = item?["patch"];
            var gvk = patch?["x-kubernetes-group-version-kind"];
            if (gvk is null || gvk["group"]?.GetValue<string>() != type.Group
                || gvk["version"]?.GetValue<string>() != type.Version || gvk["kind"]?.GetValue<string>() != type.Kind)
            {
                continue;
            }
            var parameters = patch!["parameters"]?.AsArray() ?? [];
            if (!parameters.Any(p => p!["name"]?.GetValue<string>() == "fieldValidation" && p["in"]?.GetValue<string>() == "query"))
            {
                return false;
            }
            found = true;
        }
        return found;
    }

    [Fact]
    public void The_root_lists_every_group_version_with_a_content_hash()
    {
        var documents = OpenApiV3Documents.For(Registry);

        var paths = documents.Root()["paths"]!.AsObject();

        Assert.Equal(
            ["api/v1", "apis/apiextensions.k8s.io/v1", "apis/apps/v1", "apis/authentication.k8s.io/v1", "apis/coordination.k8s.io/v1",
                "apis/events.k8s.io/v1", "apis/networking.k8s.io/v1", "apis/rbac.authorization.k8s.io/v1", "apis/rollouts.dev/v1alpha1"],
            paths.Select(p => p.Key));
        foreach (var (path, entry) in paths)
        {
            var hash = documents.HashOf(path);
            Assert.NotNull(hash);
            Assert.Equal($"/openapi/v3/{path}?hash={hash}", entry!["serverRelativeURL"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Every_patchable_kind_lets_kubectl_leave_field_validation_to_the_server()
    {
        var documents = OpenApiV3Documents.For(Registry);

        foreach (var type in Registry.All.Where(t => t.Verbs.Contains("patch")))
        {
            var document = documents.GroupVersion(OpenApiV3Documents.PathOf(type.Group, type.Version));
            Assert.NotNull(document);
            Assert.True(SupportsFieldValidation(document, type), $"{type.Kind} ({type.ApiVersion})");
        }
    }

    [Fact]
    public void The_patch_operation_sits_on_the_item_path_and_accepts_json_merge_and_apply_patches_only()
    {
        var document = OpenApiV3Documents.For(Registry).GroupVersion("apis/apps/v1")!;

        var patch = document["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;

        Assert.Equal("patchAppsV1NamespacedDeployment", patch["operationId"]!.GetValue<string>());
        Assert.Equal(
            ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json"],
            patch["requestBody"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.Equal(
            ["dryRun", "fieldManager", "fieldValidation", "force"],
            patch["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void No_document_advertises_strategic_merge_patch()
    {
        var documents = OpenApiV3Documents.For(Registry);

        foreach (var path in documents.Paths)
        {
            var text = Encoding.UTF8.GetString(documents.GroupVersionUtf8(path)!);
            Assert.DoesNotContain("strategic-merge-patch", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Core_and_cluster_scoped_kinds_have_their_own_path_shapes()
    {
        var documents = OpenApiV3Documents.For(Registry);

        var core = documents.GroupVersion("api/v1")!["paths"]!.AsObject();
        var crds = documents.GroupVersion("apis/apiextensions.k8s.io/v1")!["paths"]!.AsObject();

        Assert.Equal("patchCoreV1NamespacedPod", core["/api/v1/namespaces/{namespace}/pods/{name}"]!["patch"]!["operationId"]!.GetValue<string>());
        Assert.NotNull(core["/api/v1/namespaces/{name}"]?["patch"]);
        Assert.NotNull(crds["/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}"]?["patch"]);
        Assert.NotNull(crds["/apis/apiextensions.k8s.io/v1/customresourcedefinitions"]?["post"]);
    }

    [Fact]
    public void A_custom_resource_carries_its_crd_schema_and_group_version_kind()
    {
        var document = OpenApiV3Documents.For(Registry).GroupVersion("apis/rollouts.dev/v1alpha1")!;

        var schema = document["components"]!["schemas"]!["dev.rollouts.v1alpha1.Rollout"]!;

        Assert.Equal(0, schema["properties"]!["spec"]!["properties"]!["replicas"]!["minimum"]!.GetValue<int>());
        Assert.Equal("string", schema["properties"]!["apiVersion"]!["type"]!.GetValue<string>());
        Assert.Equal(
            """[{"group":"rollouts.dev","version":"v1alpha1","kind":"Rollout"}]""",
            TestJson.Compact(schema["x-kubernetes-group-version-kind"]));
        var patchResponse = document["paths"]!["/apis/rollouts.dev/v1alpha1/namespaces/{namespace}/rollouts/{name}"]!["patch"]!["responses"]!["200"]!;
        Assert.Equal("#/components/schemas/dev.rollouts.v1alpha1.Rollout", patchResponse["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(document["components"]!["schemas"]!["dev.rollouts.v1alpha1.RolloutList"]);
    }

    [Fact]
    public void A_built_in_kind_has_a_permissive_schema()
    {
        var document = OpenApiV3Documents.For(Registry).GroupVersion("apis/apps/v1")!;

        var schema = document["components"]!["schemas"]!["io.k8s.api.apps.v1.Deployment"]!;

        Assert.Equal("object", schema["type"]!.GetValue<string>());
        Assert.True(schema["x-kubernetes-preserve-unknown-fields"]!.GetValue<bool>());
    }

    [Fact]
    public void The_hash_changes_with_the_crd_schema_and_only_for_its_group_version()
    {
        var crd = TestCrds.Rollout();
        crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["paused"] =
            new JsonObject { ["type"] = "boolean" };
        var changed = OpenApiV3Documents.For(Registry.WithCustom(CustomResourceDefinitionTypes.FromCrd(crd)));
        var same = OpenApiV3Documents.For(Registry.WithCustom(TestCrds.RolloutTypes()));
        var original = OpenApiV3Documents.For(Registry);

        Assert.NotEqual(original.HashOf("apis/rollouts.dev/v1alpha1"), changed.HashOf("apis/rollouts.dev/v1alpha1"));
        Assert.Equal(original.HashOf("apis/rollouts.dev/v1alpha1"), same.HashOf("apis/rollouts.dev/v1alpha1"));
        Assert.Equal(original.HashOf("apis/apps/v1"), changed.HashOf("apis/apps/v1"));
    }

    [Fact]
    public void Deleting_the_crd_removes_its_group_version()
    {
        var documents = OpenApiV3Documents.For(Registry.WithoutCustom("rollouts.dev", "rollouts"));

        Assert.DoesNotContain("apis/rollouts.dev/v1alpha1", documents.Paths);
        Assert.Null(documents.GroupVersionUtf8("apis/rollouts.dev/v1alpha1"));
        Assert.Null(documents.HashOf("apis/rollouts.dev/v1alpha1"));
    }

    [Fact]
    public void Documents_are_built_once_per_registry_snapshot()
    {
        Assert.Same(OpenApiV3Documents.For(Registry), OpenApiV3Documents.For(Registry));
    }
}
