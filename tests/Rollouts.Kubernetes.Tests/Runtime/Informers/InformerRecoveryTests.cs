using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.Informers;
using Rollouts.Kubernetes.Tests.Support;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Testing;

namespace Rollouts.Kubernetes.Tests.Runtime.Informers;

/// <summary>How an informer gets back in step after a dropped stream, an expired resourceVersion or a failing server.</summary>
public class InformerRecoveryTests : SandboxTest
{
    private static readonly InformerOptions FastBackoff = new() { InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(50) };

    private InterceptingHandler _network = null!;
    private KubernetesApiClient _informerClient = null!;

    protected override ApiServerOptions ServerOptions => new() { BookmarkInterval = TimeSpan.FromMilliseconds(100) };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _network = new InterceptingHandler(Rollouts.Testing.SandboxApi.TrustingHandler(Api.Server));
        _informerClient = NewClient(new KubernetesClientOptions { Handler = _network, Retry = new RetryPolicy { MaxRetries = 0 } });
    }

    public override async Task DisposeAsync()
    {
        _informerClient.Dispose();
        _network.Dispose();
        await base.DisposeAsync();
    }

    private IResourceClient<KubernetesObject> InformerConfigMaps => _informerClient.Resource(ConfigMaps.Resource);

    [Fact]
    public async Task A_stream_cut_by_the_server_is_resumed_from_the_last_resourceVersion_without_listing_again()
    {
        using var cut = Api.Server.Faults.Add(new WatchFault { Resource = "configmaps", AfterEvents = 2 });
        var changes = new ChangeRecorder();
        var informer = new SharedInformer<KubernetesObject>(InformerConfigMaps, FastBackoff);
        informer.AddHandler(changes.Record);
        await using var running = await RunningInformer.StartAsync(informer);

        foreach (var name in new[] { "a", "b", "c", "d", "e", "f" })
        {
            await ConfigMapClient.CreateAsync(ConfigMaps.New(name));
        }

        await Eventually.WaitUntilAsync(() => informer.Cache.Count == 6, "all six objects in the cache");
        Assert.Equal(["Added default/a", "Added default/b", "Added default/c", "Added default/d", "Added default/e", "Added default/f"], changes.Lines);
        Assert.Equal(1, Api.Server.Requests.Count("list", "configmaps"));
        Assert.True(Api.Server.Requests.Count("watch", "configmaps") >= 3);
    }

    [Fact]
    public async Task A_dropped_connection_is_resumed_and_no_change_made_meanwhile_is_lost()
    {
        var changes = new ChangeRecorder();
        var informer = new SharedInformer<KubernetesObject>(InformerConfigMaps, FastBackoff);
        informer.AddHandler(changes.Record);
        await using var running = await RunningInformer.StartAsync(informer);
        await Eventually.WaitUntilAsync(() => _network.OpenWatches == 1, "the watch to open");

        _network.HoldWatches();
        _network.CutWatches();
        await Eventually.WaitUntilAsync(() => _network.HeldWatches == 1, "the informer to watch again");
        await ConfigMapClient.CreateAsync(ConfigMaps.New("meanwhile"));
        _network.ReleaseWatches();

        await Eventually.WaitUntilAsync(() => informer.Cache.Count == 1, "the object made meanwhile");
        Assert.Equal(["Added default/meanwhile"], changes.Lines);
        Assert.Equal(1, Api.Server.Requests.Count("list", "configmaps"));
    }

    [Fact]
    public async Task An_expired_resourceVersion_leads_to_a_full_list_that_reports_what_changed_unseen()
    {
        await ConfigMapClient.CreateAsync(ConfigMaps.New("deleted-unseen", value: "1"));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("changed-unseen", value: "1"));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("untouched", value: "1"));
        var changes = new ChangeRecorder();
        var informer = new SharedInformer<KubernetesObject>(InformerConfigMaps, FastBackoff);
        informer.AddHandler(changes.Record);
        await using var running = await RunningInformer.StartAsync(informer);
        await Eventually.WaitUntilAsync(() => _network.OpenWatches == 1, "the watch to open");

        _network.HoldWatches();
        _network.CutWatches();
        await Eventually.WaitUntilAsync(() => _network.HeldWatches == 1, "the informer to watch again");
        await ConfigMapClient.DeleteAsync("default", "deleted-unseen");
        await ConfigMapClient.PatchAsync("default", "changed-unseen", Patch.Merge(ConfigMaps.SetValue("2")));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("created-unseen"));
        Api.Server.Store.Compact();
        _network.ReleaseWatches();

        await Eventually.WaitUntilAsync(() => changes.Count == 6, "the changes found by listing again");
        var found = changes.All.Skip(3).ToList();
        Assert.Equal(["Deleted default/deleted-unseen", "Updated default/changed-unseen", "Added default/created-unseen"], found.Select(c => $"{c.Type} {c.Key}"));
        Assert.True(found[0].IsFinalStateUnknown);
        Assert.Equal("1", ConfigMaps.Value(found[0].Old!));
        Assert.Equal(("1", "2"), (ConfigMaps.Value(found[1].Old!), ConfigMaps.Value(found[1].New!)));
        Assert.Equal(["changed-unseen", "created-unseen", "untouched"], informer.Cache.List().Select(o => o.Metadata.Name!));
        Assert.Equal(2, Api.Server.Requests.Count("list", "configmaps"));
    }

    [Fact]
    public async Task Bookmarks_keep_the_resume_point_fresh_so_a_quiet_watch_survives_compaction()
    {
        await CreateNamespaceAsync("quiet");
        await CreateNamespaceAsync("busy");
        var informer = new SharedInformer<KubernetesObject>(InformerConfigMaps, FastBackoff with { Namespace = "quiet" });
        await using var running = await RunningInformer.StartAsync(informer);
        var busy = await ConfigMapClient.CreateAsync(ConfigMaps.New("noise", ns: "busy"));

        await Eventually.WaitUntilAsync(
            () => long.Parse(informer.LastResourceVersion!) >= long.Parse(busy.Metadata.ResourceVersion!), "a bookmark past the write elsewhere");
        Api.Server.Store.Compact();
        _network.CutWatches();
        await ConfigMapClient.CreateAsync(ConfigMaps.New("signal", ns: "quiet"));

        await Eventually.WaitUntilAsync(() => informer.Cache.Get("quiet", "signal") is not null, "the write after the cut");
        Assert.Equal(1, Api.Server.Requests.Count("list", "configmaps"));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task A_failing_list_is_retried_with_backoff_until_it_succeeds(int code)
    {
        await ConfigMapClient.CreateAsync(ConfigMaps.New("a"));
        using var failing = Api.Server.Faults.Add(new FaultRule { Verb = "list", Resource = "configmaps", ErrorRate = 1, ErrorCode = code, Times = 3, RetryAfterSeconds = 1 });
        var informer = new SharedInformer<KubernetesObject>(InformerConfigMaps, FastBackoff);

        await using var running = await RunningInformer.StartAsync(informer);

        Assert.Equal(1, informer.Cache.Count);
        Assert.Equal(3, Api.Server.Requests.Count("list", "configmaps", code));
        Assert.Equal(1, Api.Server.Requests.Count("list", "configmaps", 200));
    }

    [Fact]
    public async Task A_failing_watch_leads_to_a_new_list_and_changes_after_it_are_seen()
    {
        var informer = new SharedInformer<KubernetesObject>(InformerConfigMaps, FastBackoff);
        await using var running = await RunningInformer.StartAsync(informer);
        await Eventually.WaitUntilAsync(() => _network.OpenWatches == 1, "the watch to open");

        using var failing = Api.Server.Faults.Add(new FaultRule { Verb = "watch", Resource = "configmaps", ErrorRate = 1, ErrorCode = 503, Times = 2 });
        _network.CutWatches();
        await Eventually.WaitUntilAsync(() => Api.Server.Requests.Count("watch", "configmaps", 503) == 2, "two failed watches");
        await ConfigMapClient.CreateAsync(ConfigMaps.New("after"));

        await Eventually.WaitUntilAsync(() => informer.Cache.Get("default", "after") is not null, "the write after the failures");
        Assert.Equal(3, Api.Server.Requests.Count("list", "configmaps", 200));
    }

    [Fact]
    public async Task Unreachable_server_is_retried_and_the_informer_keeps_serving_its_cache()
    {
        await ConfigMapClient.CreateAsync(ConfigMaps.New("kept"));
        var informer = new SharedInformer<KubernetesObject>(InformerConfigMaps, FastBackoff);
        await using var running = await RunningInformer.StartAsync(informer);
        await Eventually.WaitUntilAsync(() => _network.OpenWatches == 1, "the watch to open");

        _network.FailWhen(_ => true);
        _network.CutWatches();
        await Eventually.WaitUntilAsync(() => _network.OpenWatches == 0, "the watch to close");
        var duringOutage = informer.Cache.Get("default", "kept");
        await ConfigMapClient.CreateAsync(ConfigMaps.New("later"));
        _network.FailWhen(null);

        await Eventually.WaitUntilAsync(() => informer.Cache.Get("default", "later") is not null, "the write during the outage");
        Assert.NotNull(duringOutage);
        Assert.False(running.Running.IsCompleted);
    }
}
