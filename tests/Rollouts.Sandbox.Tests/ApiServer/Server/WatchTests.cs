using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Testing;

namespace Rollouts.Sandbox.Tests.ApiServer.Server;

public sealed class WatchTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private SandboxApi _api = null!;

    public async Task InitializeAsync() =>
        _api = await SandboxApi.StartAsync(new ApiServerOptions { HistoryCapacity = 50, BookmarkInterval = TimeSpan.FromMilliseconds(100) });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static string Type(JsonNode e) => e["type"]!.GetValue<string>();

    private static string Name(JsonNode e) => e["object"]!["metadata"]!["name"]!.GetValue<string>();

    private static string Rv(JsonNode? o) => o!["metadata"]!["resourceVersion"]!.GetValue<string>();

    [Fact]
    public async Task Without_a_resource_version_the_stream_starts_with_ADDED_for_each_existing_object()
    {
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("a"));
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("b"));
        await _api.PostAsync("/api/v1/namespaces/kube-system/configmaps", Manifests.ConfigMap("other", "kube-system"));

        await using var watch = await WatchReader.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true");
        var first = await watch.NextAsync();
        var second = await watch.NextAsync();
        await _api.PatchAsync($"{ConfigMaps}/a", """{"data":{"value":"changed"}}""");
        var third = await watch.NextAsync();

        Assert.Equal(200, watch.StatusCode);
        Assert.Equal([("ADDED", "a"), ("ADDED", "b"), ("MODIFIED", "a")],
            new[] { first!, second!, third! }.Select(e => (Type(e), Name(e))));
    }

    [Fact]
    public async Task Resuming_from_a_resource_version_replays_every_change_after_it_in_order()
    {
        var (_, a) = await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("a"));
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("b"));
        await _api.PatchAsync($"{ConfigMaps}/a", """{"data":{"value":"2"}}""");
        var (_, deleted) = await _api.DeleteAsync($"{ConfigMaps}/b");

        await using var watch = await WatchReader.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true&resourceVersion={Rv(a)}");
        var events = new[] { await watch.NextAsync(), await watch.NextAsync(), await watch.NextAsync() };

        Assert.Equal([("ADDED", "b"), ("MODIFIED", "a"), ("DELETED", "b")], events.Select(e => (Type(e!), Name(e!))));
        var versions = events.Select(e => long.Parse(Rv(e!["object"]))).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.True(versions[2] > versions[1], "DELETED carries the final object with a new resourceVersion");
        Assert.Equal("Success", deleted!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_resource_version_older_than_the_history_gets_a_410_Expired_error_event()
    {
        var (_, first) = await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("first"));
        for (var i = 0; i < 60; i++)
        {
            await _api.PatchAsync($"{ConfigMaps}/first", "{\"data\":{\"value\":\"" + i + "\"}}");
        }

        await using var watch = await WatchReader.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true&resourceVersion={Rv(first)}");
        var error = await watch.NextAsync();
        var end = await watch.NextAsync();

        Assert.Equal("ERROR", Type(error!));
        Assert.Equal(410, error!["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());
        Assert.Null(end);
    }

    [Fact]
    public async Task Compaction_expires_every_older_resource_version()
    {
        var (_, cm) = await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("c"));
        await _api.PatchAsync($"{ConfigMaps}/c", """{"data":{"value":"2"}}""");
        _api.Server.Store.Compact();

        await using var old = await WatchReader.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true&resourceVersion={Rv(cm)}");
        var error = await old.NextAsync();

        Assert.Equal("ERROR", Type(error!));
        Assert.Equal(410, error!["object"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Label_selector_turns_objects_that_stop_or_start_matching_into_DELETED_and_ADDED()
    {
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("sel", labels: new() { ["tier"] = "web" }));

        await using var watch = await WatchReader.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true&labelSelector=tier%3Dweb");
        var added = await watch.NextAsync();
        await _api.PatchAsync($"{ConfigMaps}/sel", """{"metadata":{"labels":{"tier":"db"}}}""");
        var left = await watch.NextAsync();
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("unrelated"));
        await _api.PatchAsync($"{ConfigMaps}/sel", """{"metadata":{"labels":{"tier":"web"}}}""");
        var back = await watch.NextAsync();

        Assert.Equal(["ADDED", "DELETED", "ADDED"], new[] { added!, left!, back! }.Select(Type));
        Assert.All(new[] { added!, left!, back! }, e => Assert.Equal("sel", Name(e)));
    }

    [Fact]
    public async Task Bookmarks_carry_only_kind_apiVersion_and_resource_version()
    {
        var (_, cm) = await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("bm"));

        await using var watch = await WatchReader.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true&allowWatchBookmarks=true&resourceVersion={Rv(cm)}");
        var events = await watch.ReadUntilAsync(e => Type(e) == "BOOKMARK");

        var bookmark = events[^1]["object"]!.AsObject();
        Assert.Equal(["apiVersion", "kind", "metadata"], bookmark.Select(kv => kv.Key).Order());
        Assert.Equal("ConfigMap", bookmark["kind"]!.GetValue<string>());
        Assert.True(long.Parse(Rv(bookmark)) >= long.Parse(Rv(cm)));
    }

    [Fact]
    public async Task SendInitialEvents_ends_the_initial_list_with_an_annotated_bookmark()
    {
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("init"));

        await using var watch = await WatchReader.OpenAsync(_api.Http,
            $"{ConfigMaps}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
        var events = await watch.ReadUntilAsync(e => Type(e) == "BOOKMARK");

        Assert.Equal(("ADDED", "init"), (Type(events[0]), Name(events[0])));
        Assert.Equal("true", events[^1]["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
    }

    [Fact]
    public async Task TimeoutSeconds_closes_the_stream()
    {
        await using var watch = await WatchReader.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true&timeoutSeconds=1");

        var end = await watch.NextAsync(TimeSpan.FromSeconds(10));

        Assert.Null(end);
    }

    [Fact]
    public async Task An_injected_watch_fault_cuts_the_stream_after_N_events()
    {
        using var fault = _api.Server.Faults.Add(new WatchFault { Resource = "configmaps", AfterEvents = 2 });
        for (var i = 0; i < 4; i++)
        {
            await _api.PostAsync(ConfigMaps, Manifests.ConfigMap($"cut{i}"));
        }

        await using var watch = await WatchReader.OpenAsync(_api.Http, $"{ConfigMaps}?watch=true");
        var events = new[] { await watch.NextAsync(), await watch.NextAsync(), await watch.NextAsync() };

        Assert.NotNull(events[0]);
        Assert.NotNull(events[1]);
        Assert.Null(events[2]);
    }
}
