using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime;
using Rollouts.Kubernetes.Runtime.Informers;
using Rollouts.Kubernetes.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Kubernetes.Tests.Runtime.Informers;

public class SharedInformerTests : SandboxTest
{
    [Fact]
    public async Task The_first_list_comes_in_pages_fills_the_cache_and_marks_it_synced()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e", "f", "g" })
        {
            await ConfigMapClient.CreateAsync(ConfigMaps.New(name, value: name));
        }

        var informer = new SharedInformer<KubernetesObject>(ConfigMapClient, new InformerOptions { PageSize = 3 });
        Assert.False(informer.HasSynced);
        await using var running = await RunningInformer.StartAsync(informer);

        Assert.True(informer.HasSynced);
        Assert.Equal(7, informer.Cache.Count);
        Assert.Equal("d", ConfigMaps.Value(informer.Cache.Get("default", "d")!));
        Assert.Equal(3, Api.Server.Requests.Count("list", "configmaps", 200));
        Assert.NotNull(informer.LastResourceVersion);
    }

    [Fact]
    public async Task Handlers_see_adds_updates_and_deletes_with_the_old_and_new_objects()
    {
        var changes = new ChangeRecorder();
        var informer = new SharedInformer<KubernetesObject>(ConfigMapClient);
        informer.AddHandler(changes.Record);
        await using var running = await RunningInformer.StartAsync(informer);

        await ConfigMapClient.CreateAsync(ConfigMaps.New("web", value: "1"));
        await ConfigMapClient.PatchAsync("default", "web", Patch.Merge(ConfigMaps.SetValue("2")));
        await ConfigMapClient.DeleteAsync("default", "web");
        await Eventually.WaitUntilAsync(() => changes.Count == 3, "three changes");

        var (added, updated, deleted) = (changes.All[0], changes.All[1], changes.All[2]);
        Assert.Equal(["Added default/web", "Updated default/web", "Deleted default/web"], changes.Lines);
        Assert.Null(added.Old);
        Assert.Equal("1", ConfigMaps.Value(added.New!));
        Assert.Equal("1", ConfigMaps.Value(updated.Old!));
        Assert.Equal("2", ConfigMaps.Value(updated.New!));
        Assert.Equal("2", ConfigMaps.Value(deleted.Old!));
        Assert.NotNull(deleted.New);
        Assert.False(deleted.IsFinalStateUnknown);
        Assert.Null(informer.Cache.Get("default", "web"));
    }

    [Fact]
    public async Task The_cache_shows_a_change_before_handlers_hear_of_it()
    {
        var seenInCache = new System.Collections.Concurrent.ConcurrentQueue<bool>();
        var informer = new SharedInformer<KubernetesObject>(ConfigMapClient);
        informer.AddHandler(change => seenInCache.Enqueue(
            change.Type == ObjectChangeType.Deleted
                ? informer.Cache.Get(change.Key) is null
                : informer.Cache.Get(change.Key)?.Metadata.ResourceVersion == change.New!.Metadata.ResourceVersion));
        await using var running = await RunningInformer.StartAsync(informer);

        await ConfigMapClient.CreateAsync(ConfigMaps.New("web", value: "1"));
        await ConfigMapClient.PatchAsync("default", "web", Patch.Merge(ConfigMaps.SetValue("2")));
        await ConfigMapClient.DeleteAsync("default", "web");
        await Eventually.WaitUntilAsync(() => seenInCache.Count == 3, "three changes");

        Assert.All(seenInCache, Assert.True);
    }

    [Fact]
    public async Task A_handler_added_late_first_gets_every_cached_object_as_added_then_changes()
    {
        await ConfigMapClient.CreateAsync(ConfigMaps.New("a"));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("b"));
        var informer = new SharedInformer<KubernetesObject>(ConfigMapClient);
        await using var running = await RunningInformer.StartAsync(informer);

        var changes = new ChangeRecorder();
        informer.AddHandler(changes.Record);
        await ConfigMapClient.CreateAsync(ConfigMaps.New("c"));
        await Eventually.WaitUntilAsync(() => changes.Count == 3, "three changes");

        Assert.Equal(["Added default/a", "Added default/b", "Added default/c"], changes.Lines);
    }

    [Fact]
    public async Task A_removed_handler_hears_nothing_more_and_a_throwing_handler_does_not_stop_the_others()
    {
        var removed = new ChangeRecorder();
        var kept = new ChangeRecorder();
        var informer = new SharedInformer<KubernetesObject>(ConfigMapClient);
        var registration = informer.AddHandler(removed.Record);
        informer.AddHandler(_ => throw new InvalidOperationException("handler bug"));
        informer.AddHandler(kept.Record);
        await using var running = await RunningInformer.StartAsync(informer);

        await ConfigMapClient.CreateAsync(ConfigMaps.New("one"));
        await Eventually.WaitUntilAsync(() => kept.Count == 1, "the first change");
        registration.Dispose();
        await ConfigMapClient.CreateAsync(ConfigMaps.New("two"));
        await Eventually.WaitUntilAsync(() => kept.Count == 2, "the second change");

        Assert.Equal(["Added default/one"], removed.Lines);
        Assert.Equal(["Added default/one", "Added default/two"], kept.Lines);
        Assert.False(running.Running.IsCompleted);
    }

    [Fact]
    public async Task The_cache_indexes_follow_owner_and_label_changes()
    {
        var created = await ConfigMapClient.CreateAsync(ConfigMaps.New("owner"));
        var informer = new SharedInformer<KubernetesObject>(ConfigMapClient);
        await using var running = await RunningInformer.StartAsync(informer);

        await ConfigMapClient.CreateAsync(ConfigMaps.New("child", labels: new Dictionary<string, string> { ["track"] = "canary" }, owners: [ConfigMaps.OwnedBy(created)]));
        await Eventually.WaitUntilAsync(() => informer.Cache.ByOwner(created.Metadata.Uid!).Count == 1, "the child under its owner");
        await ConfigMapClient.PatchAsync("default", "child", Patch.Merge("""{"metadata":{"labels":{"track":"stable"}}}"""));
        await Eventually.WaitUntilAsync(() => informer.Cache.ByLabel("track", "stable").Count == 1, "the child under its new label");

        Assert.Empty(informer.Cache.ByLabel("track", "canary"));
        Assert.Equal("child", informer.Cache.ByOwner(created.Metadata.Uid!).Single().Metadata.Name);
    }

    [Fact]
    public async Task A_namespaced_and_selected_informer_holds_only_what_matches()
    {
        await CreateNamespaceAsync("shop");
        var informer = new SharedInformer<KubernetesObject>(ConfigMapClient, new InformerOptions { Namespace = "shop", LabelSelector = "app=web" });
        var changes = new ChangeRecorder();
        informer.AddHandler(changes.Record);
        await using var running = await RunningInformer.StartAsync(informer);

        await ConfigMapClient.CreateAsync(ConfigMaps.New("web", ns: "shop", labels: new Dictionary<string, string> { ["app"] = "web" }));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("api", ns: "shop", labels: new Dictionary<string, string> { ["app"] = "api" }));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("web", ns: "default", labels: new Dictionary<string, string> { ["app"] = "web" }));
        await ConfigMapClient.PatchAsync("shop", "web", Patch.Merge("""{"metadata":{"labels":{"app":"other"}}}"""));
        await ConfigMapClient.PatchAsync("shop", "api", Patch.Merge("""{"metadata":{"labels":{"app":"web"}}}"""));
        await Eventually.WaitUntilAsync(() => changes.Count == 3, "three changes");

        Assert.Equal(["Added shop/web", "Deleted shop/web", "Added shop/api"], changes.Lines);
        Assert.Equal(["api"], informer.Cache.List().Select(o => o.Metadata.Name!));
    }

    [Fact]
    public async Task Resync_hands_every_cached_object_again_as_an_update_with_old_and_new_the_same()
    {
        await ConfigMapClient.CreateAsync(ConfigMaps.New("a"));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("b"));
        var clock = new ManualTimeProvider();
        var informer = new SharedInformer<KubernetesObject>(ConfigMapClient, new InformerOptions { ResyncPeriod = TimeSpan.FromMinutes(1) }, clock);
        var changes = new ChangeRecorder();
        informer.AddHandler(changes.Record);
        await using var running = await RunningInformer.StartAsync(informer);
        await Eventually.WaitUntilAsync(() => clock.ArmedTimerCount == 1, "the resync timer to be armed");

        clock.Advance(TimeSpan.FromSeconds(59));
        var beforePeriod = changes.All.Count(c => c.IsResync);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.WaitUntilAsync(() => changes.All.Count(c => c.IsResync) == 2, "a resync of both objects");

        Assert.Equal(0, beforePeriod);
        Assert.Equal(["default/a", "default/b"], changes.All.Where(c => c.IsResync).Select(c => c.Key.ToString()));
        Assert.All(changes.All.Where(c => c.IsResync), c => Assert.Equal(ObjectChangeType.Updated, c.Type));
    }

    [Fact]
    public async Task Cancellation_stops_the_informer_and_closes_its_watch()
    {
        var informer = new SharedInformer<KubernetesObject>(ConfigMapClient);
        var running = await RunningInformer.StartAsync(informer);

        await running.StopAsync();
        await Eventually.WaitUntilAsync(() => Api.Server.Requests.Count("watch", "configmaps") == 1, "the watch to be closed");

        Assert.True(running.Running.IsCompletedSuccessfully);
        await Assert.ThrowsAsync<InvalidOperationException>(() => informer.RunAsync(CancellationToken.None));
    }

    [Fact]
    public void Options_that_cannot_work_are_refused_with_the_field()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SharedInformer<KubernetesObject>(ConfigMapClient, new InformerOptions { InitialBackoff = TimeSpan.FromSeconds(5), MaxBackoff = TimeSpan.FromSeconds(1) }));

        Assert.Contains("MaxBackoff", error.Message, StringComparison.Ordinal);
    }
}
