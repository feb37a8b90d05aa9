using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Tests.Support;
using Rollouts.Sandbox.ApiServer;

namespace Rollouts.Kubernetes.Tests.Conformance;

/// <summary>What an informer relies on from a watch: resume from a resourceVersion, 410 once history is gone, bookmarks.</summary>
public class WatchTests : SandboxTest
{
    protected override ApiServerOptions ServerOptions => new() { BookmarkInterval = TimeSpan.FromMilliseconds(100) };

    [Fact]
    public async Task A_watch_from_a_resourceVersion_sends_every_later_change_in_order()
    {
        var before = await ConfigMapClient.CreateAsync(ConfigMaps.New("a", value: "1"));
        await ConfigMapClient.PatchAsync("default", "a", Patch.Merge(ConfigMaps.SetValue("2")));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("b"));
        await ConfigMapClient.DeleteAsync("default", "a");

        var events = await WatchStreams.TakeAsync(
            ct => ConfigMapClient.WatchAsync("default", new WatchOptions { ResourceVersion = before.Metadata.ResourceVersion }, ct), 3);

        Assert.Equal(
            new[] { (WatchEventType.Modified, "a"), (WatchEventType.Added, "b"), (WatchEventType.Deleted, "a") },
            events.Select(e => (e.Type, e.Object.Metadata.Name!)));
        Assert.Equal("2", ConfigMaps.Value(events[0].Object));
        var versions = events.Select(e => long.Parse(e.Object.Metadata.ResourceVersion!)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.True(versions[0] > long.Parse(before.Metadata.ResourceVersion!));
    }

    [Fact]
    public async Task A_watch_without_a_resourceVersion_starts_with_every_current_object_as_added()
    {
        await ConfigMapClient.CreateAsync(ConfigMaps.New("x"));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("y"));

        var events = await WatchStreams.TakeAsync(ct => ConfigMapClient.WatchAsync("default", null, ct), 2);

        Assert.All(events, e => Assert.Equal(WatchEventType.Added, e.Type));
        Assert.Equal(["x", "y"], events.Select(e => e.Object.Metadata.Name!).Order());
    }

    [Fact]
    public async Task A_watch_from_a_version_older_than_the_kept_history_fails_with_Gone()
    {
        var old = await ConfigMapClient.CreateAsync(ConfigMaps.New("old"));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("newer"));
        Api.Server.Store.Compact();

        var gone = await Assert.ThrowsAsync<GoneException>(() => WatchStreams.TakeAsync(
            ct => ConfigMapClient.WatchAsync("default", new WatchOptions { ResourceVersion = old.Metadata.ResourceVersion }, ct), 1));

        Assert.Equal(410, gone.Code);
    }

    [Fact]
    public async Task A_watch_from_the_latest_version_survives_compaction()
    {
        var latest = await ConfigMapClient.CreateAsync(ConfigMaps.New("latest"));
        Api.Server.Store.Compact();

        var watching = WatchStreams.TakeAsync(
            ct => ConfigMapClient.WatchAsync("default", new WatchOptions { ResourceVersion = latest.Metadata.ResourceVersion }, ct), 1);
        await ConfigMapClient.CreateAsync(ConfigMaps.New("after"));

        Assert.Equal("after", (await watching).Single().Object.Metadata.Name);
    }

    [Fact]
    public async Task Bookmarks_carry_the_current_resourceVersion_while_the_watched_namespace_is_quiet()
    {
        var watched = await CreateNamespaceAsync("quiet");
        await CreateNamespaceAsync("busy");
        var start = await ConfigMapClient.ListAsync(watched);
        var elsewhere = await ConfigMapClient.CreateAsync(ConfigMaps.New("elsewhere", ns: "busy"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        WatchEvent<KubernetesObject>? bookmark = null;
        var query = new WatchOptions { ResourceVersion = start.Metadata.ResourceVersion, AllowWatchBookmarks = true };
        await foreach (var change in ConfigMapClient.WatchAsync(watched, query, timeout.Token))
        {
            if (change.Type == WatchEventType.Bookmark && long.Parse(change.Object.Metadata.ResourceVersion!) >= long.Parse(elsewhere.Metadata.ResourceVersion!))
            {
                bookmark = change;
                break;
            }

            Assert.Equal(WatchEventType.Bookmark, change.Type);
        }

        Assert.NotNull(bookmark);
        Assert.Null(bookmark.Object.Metadata.Name);
    }

    [Fact]
    public async Task A_watch_with_timeoutSeconds_ends_normally()
    {
        var list = await ConfigMapClient.ListAsync("default");

        var events = new List<WatchEvent<KubernetesObject>>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var change in ConfigMapClient.WatchAsync("default", new WatchOptions { ResourceVersion = list.Metadata.ResourceVersion, TimeoutSeconds = 1 }, deadline.Token))
        {
            events.Add(change);
        }

        Assert.False(deadline.IsCancellationRequested);
        Assert.Empty(events);
    }
}
