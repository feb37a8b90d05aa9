using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Testing;

namespace Rollouts.Sandbox.Tests.ApiServer.Server;

public sealed class CrudTests : IAsyncLifetime
{
    private const string ReplicaSets = "/apis/apps/v1/namespaces/default/replicasets";
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private SandboxApi _api = null!;

    public async Task InitializeAsync() => _api = await SandboxApi.StartAsync(new ApiServerOptions { SimulateWorkloads = false });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Create_sets_what_the_server_owns_and_drops_status()
    {
        var rs = Manifests.ReplicaSet("web");
        rs["status"] = new JsonObject { ["replicas"] = 7 };

        var (code, body) = await _api.PostAsync(ReplicaSets, rs);

        Assert.Equal(201, code);
        var metadata = body!["metadata"]!;
        Assert.True(Guid.TryParse(metadata["uid"]!.GetValue<string>(), out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", metadata["creationTimestamp"]!.GetValue<string>());
        Assert.Equal(1, metadata["generation"]!.GetValue<long>());
        Assert.Null(body["status"]);
        var (_, stored) = await _api.GetAsync($"{ReplicaSets}/web");
        Assert.Equal(metadata["resourceVersion"]!.GetValue<string>(), stored!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_write_bumps_one_global_resource_version()
    {
        var (_, a) = await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("a"));
        var (_, b) = await _api.PostAsync(ReplicaSets, Manifests.ReplicaSet("b"));
        var (_, list) = await _api.GetAsync(ConfigMaps);

        var rvA = long.Parse(a!["metadata"]!["resourceVersion"]!.GetValue<string>());
        var rvB = long.Parse(b!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(rvA + 1, rvB);
        Assert.Equal(rvB.ToString(), list!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Errors_are_Status_objects_with_reason_and_code()
    {
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("taken"));

        var (exists, existsBody) = await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("taken"));
        var (missing, missingBody) = await _api.GetAsync($"{ReplicaSets}/nope");
        var (noNs, noNsBody) = await _api.PostAsync("/api/v1/namespaces/nowhere/configmaps", Manifests.ConfigMap("x", "nowhere"));
        var (mismatch, _) = await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("x", "kube-system"));
        var nameless = Manifests.ConfigMap("x");
        nameless["metadata"]!.AsObject().Remove("name");
        var (noName, noNameBody) = await _api.PostAsync(ConfigMaps, nameless);

        Assert.Equal((409, "AlreadyExists"), (exists, existsBody!["reason"]!.GetValue<string>()));
        Assert.Equal("configmaps \"taken\" already exists", existsBody["message"]!.GetValue<string>());
        Assert.Equal("Status", missingBody!["kind"]!.GetValue<string>());
        Assert.Equal((404, "replicasets.apps \"nope\" not found"), (missing, missingBody["message"]!.GetValue<string>()));
        Assert.Equal("apps", missingBody["details"]!["group"]!.GetValue<string>());
        Assert.Equal(404, noNs);
        Assert.Equal("namespaces \"nowhere\" not found", noNsBody!["message"]!.GetValue<string>());
        Assert.Equal(400, mismatch);
        Assert.Equal((422, "Invalid"), (noName, noNameBody!["reason"]!.GetValue<string>()));
        Assert.Equal("metadata.name", noNameBody["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task GenerateName_gets_a_random_suffix()
    {
        var cm = Manifests.ConfigMap("ignored");
        cm["metadata"]!.AsObject().Remove("name");
        cm["metadata"]!["generateName"] = "job-";

        var (code, body) = await _api.PostAsync(ConfigMaps, cm);

        Assert.Equal(201, code);
        Assert.Matches("^job-[a-z0-9]{5}$", body!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_with_a_stale_resource_version_is_a_conflict()
    {
        var (_, created) = await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("cm"));
        var first = created!.DeepClone();
        first["data"]!["value"] = "one";
        var second = created.DeepClone();
        second["data"]!["value"] = "two";

        var (ok, _) = await _api.PutAsync($"{ConfigMaps}/cm", first);
        var (conflict, body) = await _api.PutAsync($"{ConfigMaps}/cm", second);

        Assert.Equal(200, ok);
        Assert.Equal(409, conflict);
        Assert.Equal("Conflict", body!["reason"]!.GetValue<string>());
        Assert.Contains("the object has been modified; please apply your changes to the latest version and try again", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_write_that_changes_nothing_keeps_the_resource_version()
    {
        var (_, created) = await _api.PostAsync(ReplicaSets, Manifests.ReplicaSet("same"));

        var (code, updated) = await _api.PutAsync($"{ReplicaSets}/same", created!);

        Assert.Equal(200, code);
        Assert.Equal(created!["metadata"]!["resourceVersion"]!.GetValue<string>(), updated!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Generation_moves_with_spec_and_not_with_labels_or_status()
    {
        await _api.PostAsync(ReplicaSets, Manifests.ReplicaSet("gen"));

        var (_, labelled) = await _api.PatchAsync($"{ReplicaSets}/gen", """{"metadata":{"labels":{"team":"a"}}}""");
        var (_, statused) = await _api.PatchAsync($"{ReplicaSets}/gen/status", """{"status":{"replicas":2}}""");
        var (_, scaled) = await _api.PatchAsync($"{ReplicaSets}/gen", """{"spec":{"replicas":5}}""");

        Assert.Equal(1, labelled!["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(1, statused!["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(2, scaled!["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(2, scaled["status"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task Status_subresource_takes_only_status_and_main_endpoint_ignores_status()
    {
        await _api.PostAsync(ReplicaSets, Manifests.ReplicaSet("st"));

        var (_, viaStatus) = await _api.PatchAsync($"{ReplicaSets}/st/status", """{"spec":{"replicas":9},"status":{"readyReplicas":1}}""");
        var (_, viaMain) = await _api.PatchAsync($"{ReplicaSets}/st", """{"status":{"readyReplicas":5}}""");

        Assert.Equal(2, viaStatus!["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(1, viaStatus["status"]!["readyReplicas"]!.GetValue<long>());
        Assert.Equal(1, viaMain!["status"]!["readyReplicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_kinds_merge_json_and_strategic()
    {
        await _api.PostAsync(ReplicaSets, Manifests.ReplicaSet("p"));

        var (merge, merged) = await _api.PatchAsync($"{ReplicaSets}/p", """{"metadata":{"annotations":{"a":"1"}}}""");
        var (json, jsonPatched) = await _api.PatchAsync($"{ReplicaSets}/p",
            """[{"op":"replace","path":"/spec/replicas","value":4}]""", "application/json-patch+json");
        var (failedTest, failedBody) = await _api.PatchAsync($"{ReplicaSets}/p",
            """[{"op":"test","path":"/spec/replicas","value":99},{"op":"replace","path":"/spec/replicas","value":1}]""", "application/json-patch+json");
        var (strategic, strategicBody) = await _api.PatchAsync($"{ReplicaSets}/p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"proxy:1"}]}}}}""", "application/strategic-merge-patch+json");

        Assert.Equal((200, "1"), (merge, merged!["metadata"]!["annotations"]!["a"]!.GetValue<string>()));
        Assert.Equal((200, 4L), (json, jsonPatched!["spec"]!["replicas"]!.GetValue<long>()));
        Assert.Equal(422, failedTest);
        Assert.Equal("Status", failedBody!["kind"]!.GetValue<string>());
        Assert.Equal(200, strategic);
        var containers = strategicBody!["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());
        Assert.Equal(["sidecar", "web"], containers.Order());
    }

    [Fact]
    public async Task Strategic_merge_is_refused_for_custom_resources_and_protobuf_for_kinds_the_server_does_not_read()
    {
        await _api.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Manifests.WidgetCrd());
        await _api.PostAsync("/apis/example.com/v1/namespaces/default/widgets", Manifests.Widget("w"));

        var (strategic, _) = await _api.PatchAsync("/apis/example.com/v1/namespaces/default/widgets/w", """{"spec":{"size":"large"}}""",
            "application/strategic-merge-patch+json");
        // "k8s\0", then a runtime.Unknown whose typeMeta names apps/v1 Deployment.
        var deployment = "k8s\0\n\u0015\n\u0007apps/v1\u0012\nDeployment";
        var (protobuf, body) = await _api.SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", deployment,
            "application/vnd.kubernetes.protobuf");

        Assert.Equal(415, strategic);
        Assert.Equal(415, protobuf);
        Assert.Equal("UnsupportedMediaType", body!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_carrying_a_resource_version_is_checked_against_it()
    {
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("rv"));

        var (code, _) = await _api.PatchAsync($"{ConfigMaps}/rv", """{"metadata":{"resourceVersion":"1"},"data":{"value":"y"}}""");

        Assert.Equal(409, code);
    }

    [Fact]
    public async Task Server_side_apply_needs_a_field_manager_and_creates_when_absent()
    {
        const string body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied"},"data":{"k":"v"}}""";

        var (noManager, _) = await _api.PatchAsync($"{ConfigMaps}/applied", body, "application/apply-patch+yaml");
        var (created, createdBody) = await _api.PatchAsync($"{ConfigMaps}/applied?fieldManager=tests", body, "application/apply-patch+yaml");
        var (updated, updatedBody) = await _api.PatchAsync($"{ConfigMaps}/applied?fieldManager=tests",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: w\n", "application/apply-patch+yaml");

        Assert.Equal(422, noManager);
        Assert.Equal(201, created);
        Assert.Equal("v", createdBody!["data"]!["k"]!.GetValue<string>());
        Assert.Equal(200, updated);
        Assert.Equal("w", updatedBody!["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dry_run_validates_but_stores_nothing()
    {
        var (code, _) = await _api.PostAsync($"{ConfigMaps}?dryRun=All", Manifests.ConfigMap("dry"));
        var (get, _) = await _api.GetAsync($"{ConfigMaps}/dry");

        Assert.Equal(201, code);
        Assert.Equal(404, get);
    }

    [Fact]
    public async Task Delete_without_finalizers_removes_and_answers_Success()
    {
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("gone"));

        var (code, body) = await _api.DeleteAsync($"{ConfigMaps}/gone");
        var (get, _) = await _api.GetAsync($"{ConfigMaps}/gone");

        Assert.Equal(200, code);
        Assert.Equal("Success", body!["status"]!.GetValue<string>());
        Assert.Equal(404, get);
    }

    [Fact]
    public async Task Delete_preconditions_are_checked()
    {
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("pre"));

        var (code, body) = await _api.DeleteAsync($"{ConfigMaps}/pre", new JsonObject { ["preconditions"] = new JsonObject { ["uid"] = "other" } });

        Assert.Equal(409, code);
        Assert.Contains("Precondition failed", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_resources_and_bad_tokens_are_refused()
    {
        var (unknown, _) = await _api.GetAsync("/apis/nothing.io/v1/things");
        using var anonymous = new HttpClient(SandboxApi.TrustingHandler(_api.Server)) { BaseAddress = _api.Server.Url };
        using var response = await anonymous.GetAsync(ConfigMaps);

        Assert.Equal(404, unknown);
        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task SelfSubjectReview_returns_the_callers_user_name()
    {
        var (code, body) = await _api.PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews",
            new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "SelfSubjectReview" });

        Assert.Equal(201, code);
        Assert.Equal(_api.Server.User, body!["status"]!["userInfo"]!["username"]!.GetValue<string>());
    }
}
