using System.Net;
using System.Text.Json.Nodes;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Tests.Client.Testing;

namespace Rollouts.Kubernetes.Tests.Client.Http;

public class ResourceClientTests
{
    private const string ReplicaSetJson = """{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-1","namespace":"shop","resourceVersion":"7"},"spec":{"replicas":2}}""";
    private const string ScaleJson = """{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"web-1"},"spec":{"replicas":4},"status":{"replicas":2,"selector":"app=web"}}""";

    private static readonly ReplicaSet WebReplicaSet = new()
    {
        Metadata = new ObjectMeta { Name = "web-1", Namespace = "shop", ResourceVersion = "7" },
        Spec = new ReplicaSetSpec { Replicas = 2 },
    };

    private static FakeHandler Answer(string json) => new(_ => FakeHandler.Json(HttpStatusCode.OK, json));

    [Fact]
    public async Task Get_reads_one_object_from_its_namespaced_path_with_the_bearer_token()
    {
        var handler = Answer(ReplicaSetJson);
        using var client = TestClient.Create(handler);

        var replicaSet = await client.Resource<ReplicaSet>().GetAsync("shop", "web-1");

        Assert.Equal(2, replicaSet.Spec!.Replicas);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://k8s.test:6443/apis/apps/v1/namespaces/shop/replicasets/web-1", request.Uri.ToString());
        Assert.Equal("Bearer secret-token", request.Authorization);
    }

    [Fact]
    public async Task Core_group_resources_live_under_api_v1()
    {
        var handler = Answer("""{"metadata":{"name":"web"}}""");
        using var client = TestClient.Create(handler);

        await client.Resource<Service>().GetAsync("shop", "web");

        Assert.Equal("/api/v1/namespaces/shop/services/web", handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task Cluster_scoped_resources_have_no_namespace_in_the_path()
    {
        var handler = Answer("""{"metadata":{"name":"rollouts.rollouts.dev"}}""");
        using var client = TestClient.Create(handler);
        var crds = client.Resource(new ApiResource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", namespaced: false));

        var crd = await crds.GetAsync(null, "rollouts.rollouts.dev");

        Assert.Equal("rollouts.rollouts.dev", crd.Metadata.Name);
        Assert.Equal("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/rollouts.rollouts.dev", handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task Namespace_mistakes_are_refused_before_anything_is_sent()
    {
        var handler = Answer("{}");
        using var client = TestClient.Create(handler);
        var crds = client.Resource(new ApiResource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", namespaced: false));

        var missing = await Assert.ThrowsAsync<ArgumentException>(() => client.Resource<ReplicaSet>().GetAsync(null, "web-1"));
        var extra = await Assert.ThrowsAsync<ArgumentException>(() => crds.GetAsync("shop", "x"));
        var noNamespace = await Assert.ThrowsAsync<ArgumentException>(
            () => client.Resource<ReplicaSet>().CreateAsync(new ReplicaSet { Metadata = new ObjectMeta { Name = "web-2" } }));

        Assert.Contains("replicasets.apps is namespaced", missing.Message, StringComparison.Ordinal);
        Assert.Contains("cluster-scoped", extra.Message, StringComparison.Ordinal);
        Assert.Contains("'web-2' has no metadata.namespace", noNamespace.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task List_sends_selectors_and_paging_and_returns_items_with_the_list_metadata()
    {
        var handler = Answer("""{"kind":"ReplicaSetList","apiVersion":"apps/v1","metadata":{"resourceVersion":"115","continue":"next-page"},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}""");
        using var client = TestClient.Create(handler);

        var list = await client.Resource<ReplicaSet>().ListAsync(
            "shop",
            new ListOptions { LabelSelector = "app=web,tier in (a,b)", FieldSelector = "metadata.name!=x", Limit = 2, Continue = "tok" });

        Assert.Equal(["a", "b"], list.Items.Select(i => i.Metadata.Name));
        Assert.Equal("apps/v1", list.Items[0].ApiVersion);
        Assert.Equal("115", list.Metadata.ResourceVersion);
        Assert.Equal("next-page", list.Metadata.Continue);
        Assert.Equal(
            "/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dweb%2Ctier%20in%20%28a%2Cb%29&fieldSelector=metadata.name%21%3Dx&limit=2&continue=tok",
            handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task List_without_a_namespace_covers_all_namespaces()
    {
        var handler = Answer("""{"metadata":{},"items":[]}""");
        using var client = TestClient.Create(handler);

        var list = await client.Resource<ReplicaSet>().ListAsync(null);

        Assert.Empty(list.Items);
        Assert.Equal("/apis/apps/v1/replicasets", handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task List_all_follows_continue_tokens_and_keeps_the_snapshot_version()
    {
        var handler = new FakeHandler(request => FakeHandler.Json(HttpStatusCode.OK, request.Uri.Query.Contains("continue=p2", StringComparison.Ordinal)
            ? """{"metadata":{"resourceVersion":"50"},"items":[{"metadata":{"name":"c"}}]}"""
            : """{"metadata":{"resourceVersion":"50","continue":"p2","remainingItemCount":1},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}"""));
        using var client = TestClient.Create(handler);

        var all = await client.Resource<ReplicaSet>().ListAllAsync("shop", new ListOptions { Limit = 2 });

        Assert.Equal(["a", "b", "c"], all.Items.Select(i => i.Metadata.Name));
        Assert.Equal("50", all.Metadata.ResourceVersion);
        Assert.Null(all.Metadata.Continue);
        Assert.Equal(
            ["/apis/apps/v1/namespaces/shop/replicasets?limit=2", "/apis/apps/v1/namespaces/shop/replicasets?limit=2&continue=p2"],
            handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Create_posts_the_object_to_its_collection()
    {
        var handler = Answer(ReplicaSetJson);
        using var client = TestClient.Create(handler);

        await client.Resource<ReplicaSet>().CreateAsync(WebReplicaSet, new WriteOptions { FieldManager = "rollouts", DryRun = true });

        var request = handler.Requests[0];
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/apis/apps/v1/namespaces/shop/replicasets?fieldManager=rollouts&dryRun=All", request.PathAndQuery);
        Assert.Equal("application/json", request.ContentType);
        var body = JsonNode.Parse(request.Body!)!;
        Assert.Equal("ReplicaSet", (string)body["kind"]!);
        Assert.Equal(2, (int)body["spec"]!["replicas"]!);
        Assert.Null(body["status"]);
    }

    [Fact]
    public async Task Replace_puts_the_object_with_its_resource_version()
    {
        var handler = Answer(ReplicaSetJson);
        using var client = TestClient.Create(handler);

        await client.Resource<ReplicaSet>().ReplaceAsync(WebReplicaSet);

        var request = handler.Requests[0];
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/apis/apps/v1/namespaces/shop/replicasets/web-1", request.PathAndQuery);
        Assert.Equal("7", (string)JsonNode.Parse(request.Body!)!["metadata"]!["resourceVersion"]!);
    }

    [Fact]
    public async Task Replace_without_a_resource_version_is_refused_so_that_no_change_is_overwritten_blindly()
    {
        var handler = Answer(ReplicaSetJson);
        using var client = TestClient.Create(handler);
        var unread = WebReplicaSet with { Metadata = WebReplicaSet.Metadata with { ResourceVersion = null } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Resource<ReplicaSet>().ReplaceAsync(unread));

        Assert.Contains("metadata.resourceVersion is required", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Replace_status_puts_to_the_status_subresource()
    {
        var handler = Answer(ReplicaSetJson);
        using var client = TestClient.Create(handler);

        await client.Resource<ReplicaSet>().ReplaceStatusAsync(WebReplicaSet with { Status = new ReplicaSetStatus { ReadyReplicas = 2 } });

        Assert.Equal("/apis/apps/v1/namespaces/shop/replicasets/web-1/status", handler.Requests[0].PathAndQuery);
        Assert.Equal(HttpMethod.Put, handler.Requests[0].Method);
    }

    public static TheoryData<Patch, string, string> Patches => new()
    {
        { Patch.Merge("""{"spec":{"replicas":3}}"""), "application/merge-patch+json", "" },
        { Patch.Merge(new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 3 } }), "application/merge-patch+json", "" },
        { Patch.Json("""[{"op":"test","path":"/metadata/resourceVersion","value":"7"},{"op":"replace","path":"/spec/replicas","value":3}]"""), "application/json-patch+json", "" },
        { Patch.StrategicMerge("""{"spec":{"replicas":3}}"""), "application/strategic-merge-patch+json", "" },
        { Patch.Apply("""{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-1"},"spec":{"replicas":3}}""", "rollouts"), "application/apply-patch+yaml", "?fieldManager=rollouts" },
        { Patch.Apply("""{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-1"}}""", "rollouts", force: true), "application/apply-patch+yaml", "?fieldManager=rollouts&force=true" },
    };

    [Theory]
    [MemberData(nameof(Patches))]
    public async Task Patch_sends_the_body_with_the_content_type_of_its_kind(Patch patch, string contentType, string query)
    {
        var handler = Answer(ReplicaSetJson);
        using var client = TestClient.Create(handler);

        await client.Resource<ReplicaSet>().PatchAsync("shop", "web-1", patch);

        var request = handler.Requests[0];
        Assert.Equal(HttpMethod.Patch, request.Method);
        Assert.Equal(contentType, request.ContentType);
        Assert.Equal("/apis/apps/v1/namespaces/shop/replicasets/web-1" + query, request.PathAndQuery);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(patch.Body), JsonNode.Parse(request.Body!)));
    }

    [Fact]
    public async Task Patch_status_patches_the_status_subresource()
    {
        var handler = Answer(ReplicaSetJson);
        using var client = TestClient.Create(handler);

        await client.Resource<ReplicaSet>().PatchStatusAsync("shop", "web-1", Patch.Merge("""{"status":{"readyReplicas":1}}"""), new WriteOptions { FieldManager = "rollouts" });

        Assert.Equal("/apis/apps/v1/namespaces/shop/replicasets/web-1/status?fieldManager=rollouts", handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public void Apply_needs_a_field_manager()
    {
        Assert.Throws<ArgumentException>(() => Patch.Apply("{}", " "));
    }

    [Fact]
    public async Task Delete_sends_propagation_policy_and_preconditions()
    {
        var handler = Answer("""{"kind":"Status","apiVersion":"v1","status":"Success"}""");
        using var client = TestClient.Create(handler);

        await client.Resource<ReplicaSet>().DeleteAsync("shop", "web-1", new DeleteOptions
        {
            PropagationPolicy = PropagationPolicy.Foreground,
            Preconditions = new Preconditions { Uid = "u-1", ResourceVersion = "7" },
        });

        var request = handler.Requests[0];
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("/apis/apps/v1/namespaces/shop/replicasets/web-1", request.PathAndQuery);
        Assert.True(
            JsonNode.DeepEquals(
                JsonNode.Parse("""{"apiVersion":"v1","kind":"DeleteOptions","propagationPolicy":"Foreground","preconditions":{"uid":"u-1","resourceVersion":"7"}}"""),
                JsonNode.Parse(request.Body!)),
            request.Body);
    }

    [Fact]
    public async Task Delete_without_options_sends_no_body()
    {
        var handler = Answer("""{"kind":"Status","apiVersion":"v1","status":"Success"}""");
        using var client = TestClient.Create(handler);

        await client.Resource<ReplicaSet>().DeleteAsync("shop", "web-1");

        Assert.Null(handler.Requests[0].Body);
    }

    [Fact]
    public async Task Scale_subresource_is_read_replaced_and_patched_as_autoscaling_v1_scale()
    {
        var handler = Answer(ScaleJson);
        using var client = TestClient.Create(handler);
        var replicaSets = client.Resource<ReplicaSet>();

        var scale = await replicaSets.GetScaleAsync("shop", "web-1");
        await replicaSets.ReplaceScaleAsync("shop", "web-1", scale with { Spec = new ScaleSpec { Replicas = 5 } });
        await replicaSets.PatchScaleAsync("shop", "web-1", Patch.Merge("""{"spec":{"replicas":6}}"""));

        Assert.Equal(4, scale.Spec!.Replicas);
        Assert.Equal("app=web", scale.Status!.Selector);
        Assert.All(handler.Requests, r => Assert.Equal("/apis/apps/v1/namespaces/shop/replicasets/web-1/scale", r.PathAndQuery));
        Assert.Equal([HttpMethod.Get, HttpMethod.Put, HttpMethod.Patch], handler.Requests.Select(r => r.Method));
        Assert.Equal(5, (int)JsonNode.Parse(handler.Requests[1].Body!)!["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task Get_or_default_gives_null_for_a_missing_object()
    {
        var handler = new FakeHandler(_ => FakeHandler.Status(404, "NotFound", """replicasets.apps \"web-9\" not found"""));
        using var client = TestClient.Create(handler);

        var missing = await client.Resource<ReplicaSet>().GetOrDefaultAsync("shop", "web-9");

        Assert.Null(missing);
    }

    [Fact]
    public async Task A_body_that_is_not_the_expected_object_is_reported_with_the_request()
    {
        var handler = Answer("<html>proxy</html>");
        using var client = TestClient.Create(handler);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => client.Resource<ReplicaSet>().GetAsync("shop", "web-1"));

        Assert.StartsWith("GET /apis/apps/v1/namespaces/shop/replicasets/web-1: the answer is not a valid ReplicaSet", error.Message, StringComparison.Ordinal);
    }
}
