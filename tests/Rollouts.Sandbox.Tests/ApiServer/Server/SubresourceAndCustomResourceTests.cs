using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Testing;

namespace Rollouts.Sandbox.Tests.ApiServer.Server;

public sealed class SubresourceAndCustomResourceTests : IAsyncLifetime
{
    private const string Crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private const string Widgets = "/apis/example.com/v1/namespaces/default/widgets";
    private const string ReplicaSets = "/apis/apps/v1/namespaces/default/replicasets";
    private SandboxApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await SandboxApi.StartAsync(new ApiServerOptions { SimulateWorkloads = false });
        var (code, _) = await _api.PostAsync(Crds, Manifests.WidgetCrd());
        Assert.Equal(201, code);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Scale_subresource_of_a_ReplicaSet_reads_and_writes_replicas()
    {
        await _api.PostAsync(ReplicaSets, Manifests.ReplicaSet("sc", replicas: 2));
        await _api.PatchAsync($"{ReplicaSets}/sc/status", """{"status":{"replicas":2}}""");

        var (_, scale) = await _api.GetAsync($"{ReplicaSets}/sc/scale");
        var (code, scaled) = await _api.PatchAsync($"{ReplicaSets}/sc/scale", """{"spec":{"replicas":5}}""");
        var (_, rs) = await _api.GetAsync($"{ReplicaSets}/sc");

        Assert.Equal("Scale", scale!["kind"]!.GetValue<string>());
        Assert.Equal("autoscaling/v1", scale["apiVersion"]!.GetValue<string>());
        Assert.Equal(2, scale["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("app=sc", scale["status"]!["selector"]!.GetValue<string>());
        Assert.Equal(200, code);
        Assert.Equal(5, scaled!["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(5, rs!["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(2, rs["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_CRD_is_established_and_its_resource_served_at_once()
    {
        var (_, crd) = await _api.GetAsync($"{Crds}/widgets.example.com");
        var (code, widget) = await _api.PostAsync(Widgets, Manifests.Widget("w1"));

        var conditions = crd!["status"]!["conditions"]!.AsArray();
        Assert.Contains(conditions, c => c!["type"]!.GetValue<string>() == "Established" && c["status"]!.GetValue<string>() == "True");
        Assert.Equal(201, code);
        Assert.Equal(1, widget!["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(1, widget["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Schema_violations_are_422_with_field_paths()
    {
        var bad = Manifests.Widget("bad", size: "huge");
        bad["spec"]!["replicas"] = -1;
        bad["spec"]!["steps"] = new JsonArray(new JsonObject { ["setWeight"] = 150 });
        var missing = Manifests.Widget("missing");
        missing["spec"]!.AsObject().Remove("size");

        var (code, body) = await _api.PostAsync(Widgets, bad);
        var (missingCode, missingBody) = await _api.PostAsync(Widgets, missing);

        Assert.Equal(422, code);
        Assert.Equal("Invalid", body!["reason"]!.GetValue<string>());
        var fields = body["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("spec.size", fields);
        Assert.Contains("spec.replicas", fields);
        Assert.Contains("spec.steps[0].setWeight", fields);
        Assert.Equal(422, missingCode);
        Assert.Equal("spec.size", missingBody!["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Custom_resource_updates_need_a_resource_version_and_status_goes_through_its_subresource()
    {
        var (_, created) = await _api.PostAsync(Widgets, Manifests.Widget("w2"));
        var withoutVersion = created!.DeepClone();
        withoutVersion["metadata"]!.AsObject().Remove("resourceVersion");

        var (noVersion, _) = await _api.PutAsync($"{Widgets}/w2", withoutVersion);
        var (_, statusWritten) = await _api.PatchAsync($"{Widgets}/w2/status", """{"status":{"phase":"Ready","replicas":1}}""");
        var (_, ignored) = await _api.PatchAsync($"{Widgets}/w2", """{"status":{"phase":"Broken"}}""");

        Assert.Equal(422, noVersion);
        Assert.Equal("Ready", statusWritten!["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("Ready", ignored!["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(1, ignored["metadata"]!["generation"]!.GetValue<long>());
    }

    /// <summary><c>kubectl scale --replicas=0 --current-replicas=N</c> PUTs a Scale whose zero count Go leaves out.</summary>
    [Fact]
    public async Task Scale_update_without_a_replica_count_scales_to_zero()
    {
        await _api.PostAsync(ReplicaSets, Manifests.ReplicaSet("zero", replicas: 3));
        var (_, scale) = await _api.GetAsync($"{ReplicaSets}/zero/scale");
        scale!["spec"] = new JsonObject();

        var (code, scaled) = await _api.PutAsync($"{ReplicaSets}/zero/scale", scale);
        var (_, rs) = await _api.GetAsync($"{ReplicaSets}/zero");

        Assert.Equal(200, code);
        Assert.Equal(0, scaled!["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(0, rs!["spec"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task Custom_resource_scale_follows_the_CRD_paths()
    {
        await _api.PostAsync(Widgets, Manifests.Widget("w3"));
        await _api.PatchAsync($"{Widgets}/w3/status", """{"status":{"replicas":1,"selector":"app=w3"}}""");

        var (code, scaled) = await _api.PutAsync($"{Widgets}/w3/scale", new JsonObject
        {
            ["apiVersion"] = "autoscaling/v1",
            ["kind"] = "Scale",
            ["metadata"] = new JsonObject { ["name"] = "w3", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["replicas"] = 4 },
        });
        var (_, widget) = await _api.GetAsync($"{Widgets}/w3");

        Assert.Equal(200, code);
        Assert.Equal("app=w3", scaled!["status"]!["selector"]!.GetValue<string>());
        Assert.Equal(4, widget!["spec"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task Strict_field_validation_refuses_unknown_fields_and_warn_prunes_them()
    {
        var widget = Manifests.Widget("w4");
        widget["spec"]!["colour"] = "red";

        var (strict, strictBody) = await _api.SendAsync(HttpMethod.Post, $"{Widgets}?fieldValidation=Strict", widget.ToJsonString());
        var (warn, warned) = await _api.PostAsync(Widgets, widget);

        Assert.Equal(400, strict);
        Assert.Contains("spec.colour", strictBody!["message"]!.GetValue<string>());
        Assert.Equal(201, warn);
        Assert.Null(warned!["spec"]!["colour"]);
    }

    [Fact]
    public async Task Deleting_a_CRD_stops_serving_its_resource_and_removes_its_objects()
    {
        await _api.PostAsync(Widgets, Manifests.Widget("w5"));

        await _api.DeleteAsync($"{Crds}/widgets.example.com");
        var (code, _) = await _api.GetAsync(Widgets);

        Assert.Equal(404, code);
        Assert.Empty(_api.Server.Store.State.Collection("widgets.example.com"));
    }

    [Fact]
    public async Task An_invalid_CRD_is_refused_with_the_field_that_is_wrong()
    {
        var crd = Manifests.WidgetCrd();
        crd["metadata"]!["name"] = "gadgets.example.com";

        var (code, body) = await _api.PostAsync(Crds, crd);

        Assert.Equal(422, code);
        Assert.Contains("metadata.name", body!["message"]!.GetValue<string>());
    }
}
