using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Testing;

namespace Rollouts.Sandbox.Tests.ApiServer.Server;

/// <summary>Finalizers, owner-reference garbage collection and namespace termination.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string ReplicaSets = "/apis/apps/v1/namespaces/default/replicasets";
    private SandboxApi _api = null!;

    public async Task InitializeAsync() => _api = await SandboxApi.StartAsync(new ApiServerOptions { SimulateWorkloads = false });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<bool> ExistsAsync(string path) => (await _api.GetAsync(path)).Code == 200;

    private async Task WaitGoneAsync(string path) =>
        await Eventually.WaitUntilAsync(async () => !await ExistsAsync(path), $"{path} to be deleted");

    [Fact]
    public async Task Finalizers_hold_a_deleted_object_until_the_last_one_is_removed()
    {
        var cm = Manifests.ConfigMap("held");
        cm["metadata"]!["finalizers"] = new JsonArray("example.com/a", "example.com/b");
        await _api.PostAsync(ConfigMaps, cm);

        var (code, marked) = await _api.DeleteAsync($"{ConfigMaps}/held");
        var (addWhileDeleting, _) = await _api.PatchAsync($"{ConfigMaps}/held",
            """{"metadata":{"finalizers":["example.com/a","example.com/b","example.com/c"]}}""");
        await _api.PatchAsync($"{ConfigMaps}/held", """{"metadata":{"finalizers":["example.com/b"]}}""");
        var stillThere = await ExistsAsync($"{ConfigMaps}/held");
        await _api.PatchAsync($"{ConfigMaps}/held", """{"metadata":{"finalizers":null}}""");

        Assert.Equal(200, code);
        Assert.NotNull(marked!["metadata"]!["deletionTimestamp"]);
        Assert.Equal(422, addWhileDeleting);
        Assert.True(stillThere);
        Assert.False(await ExistsAsync($"{ConfigMaps}/held"));
    }

    [Fact]
    public async Task Dependents_of_a_deleted_owner_are_collected_in_the_background()
    {
        var (_, owner) = await _api.PostAsync(ReplicaSets, Manifests.ReplicaSet("owner"));
        var dependent = Manifests.ConfigMap("dependent");
        dependent["metadata"]!["ownerReferences"] = Manifests.OwnedBy(owner!);
        await _api.PostAsync(ConfigMaps, dependent);
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("bystander"));

        await _api.DeleteAsync($"{ReplicaSets}/owner");

        await WaitGoneAsync($"{ConfigMaps}/dependent");
        Assert.True(await ExistsAsync($"{ConfigMaps}/bystander"));
    }

    [Fact]
    public async Task A_dependent_with_another_live_owner_stays()
    {
        var (_, first) = await _api.PostAsync(ReplicaSets, Manifests.ReplicaSet("first"));
        var (_, second) = await _api.PostAsync(ReplicaSets, Manifests.ReplicaSet("second"));
        var shared = Manifests.ConfigMap("shared");
        shared["metadata"]!["ownerReferences"] = new JsonArray(Manifests.OwnedBy(first!)[0]!.DeepClone(), Manifests.OwnedBy(second!, false)[0]!.DeepClone());
        shared["metadata"]!["ownerReferences"]![1]!["controller"] = false;
        await _api.PostAsync(ConfigMaps, shared);
        var canary = Manifests.ConfigMap("canary");
        canary["metadata"]!["ownerReferences"] = Manifests.OwnedBy(first!);
        await _api.PostAsync(ConfigMaps, canary);

        await _api.DeleteAsync($"{ReplicaSets}/first");
        await WaitGoneAsync($"{ConfigMaps}/canary");

        Assert.True(await ExistsAsync($"{ConfigMaps}/shared"));
    }

    [Fact]
    public async Task Foreground_deletion_removes_dependents_before_the_owner()
    {
        var (_, owner) = await _api.PostAsync(ReplicaSets, Manifests.ReplicaSet("fg"));
        var dependent = Manifests.ConfigMap("fg-child");
        dependent["metadata"]!["ownerReferences"] = Manifests.OwnedBy(owner!);
        dependent["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await _api.PostAsync(ConfigMaps, dependent);

        var (_, marked) = await _api.DeleteAsync($"{ReplicaSets}/fg", new JsonObject { ["propagationPolicy"] = "Foreground" });
        await Eventually.WaitUntilAsync(() => _api.Server.Store.State.Collection("configmaps").Values.Any(o => o.Key.Name == "fg-child" && o.IsDeleting),
            "the dependent to be marked for deletion");
        var ownerWhileChildHeld = await ExistsAsync($"{ReplicaSets}/fg");
        await _api.PatchAsync($"{ConfigMaps}/fg-child", """{"metadata":{"finalizers":null}}""");

        Assert.Contains("foregroundDeletion", marked!["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.True(ownerWhileChildHeld);
        await WaitGoneAsync($"{ReplicaSets}/fg");
        Assert.False(await ExistsAsync($"{ConfigMaps}/fg-child"));
    }

    [Fact]
    public async Task Orphan_deletion_frees_dependents()
    {
        var (_, owner) = await _api.PostAsync(ReplicaSets, Manifests.ReplicaSet("orphaner"));
        var dependent = Manifests.ConfigMap("orphan");
        dependent["metadata"]!["ownerReferences"] = Manifests.OwnedBy(owner!);
        await _api.PostAsync(ConfigMaps, dependent);

        await _api.DeleteAsync($"{ReplicaSets}/orphaner?propagationPolicy=Orphan");
        await WaitGoneAsync($"{ReplicaSets}/orphaner");

        var (code, freed) = await _api.GetAsync($"{ConfigMaps}/orphan");
        Assert.Equal(200, code);
        Assert.Null(freed!["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task Deleting_a_namespace_terminates_it_and_everything_in_it()
    {
        await _api.PostAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "team" } });
        await _api.PostAsync("/api/v1/namespaces/team/configmaps", Manifests.ConfigMap("cfg", "team"));
        await _api.PostAsync("/apis/apps/v1/namespaces/team/replicasets", Manifests.ReplicaSet("rs", ns: "team"));

        var (code, terminating) = await _api.DeleteAsync("/api/v1/namespaces/team");

        Assert.Equal(200, code);
        Assert.Equal("Terminating", terminating!["status"]!["phase"]!.GetValue<string>());
        await WaitGoneAsync("/api/v1/namespaces/team");
        Assert.False(await ExistsAsync("/api/v1/namespaces/team/configmaps/cfg"));
        var (recreate, _) = await _api.PostAsync("/api/v1/namespaces/team/configmaps", Manifests.ConfigMap("cfg", "team"));
        Assert.Equal(404, recreate);
    }
}
