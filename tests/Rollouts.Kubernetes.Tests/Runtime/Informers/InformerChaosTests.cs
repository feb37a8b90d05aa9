using System.Collections.Concurrent;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime;
using Rollouts.Kubernetes.Runtime.Informers;
using Rollouts.Kubernetes.Tests.Support;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Testing;

namespace Rollouts.Kubernetes.Tests.Runtime.Informers;

/// <summary>
/// The informer's promise under stress: whatever the server does to its streams, its cache ends equal
/// to a fresh list, and its handlers' view (built only from the changes they were told) equals both.
/// </summary>
public class InformerChaosTests : SandboxTest
{
    private const int Writers = 4;
    private const int OperationsPerWriter = 150;
    private const int NamesPerWriter = 15;

    protected override ApiServerOptions ServerOptions => new() { BookmarkInterval = TimeSpan.FromMilliseconds(50), Seed = 7 };

    [Fact]
    public async Task The_cache_ends_exact_through_dropped_streams_expired_versions_and_server_errors()
    {
        using var writerClient = NewClient(new KubernetesClientOptions { Qps = 10_000, Burst = 10_000 });
        using var network = new InterceptingHandler(SandboxApi.TrustingHandler(Api.Server));
        using var informerClient = NewClient(new KubernetesClientOptions { Handler = network, Qps = 10_000, Burst = 10_000, Retry = new RetryPolicy { MaxRetries = 0 } });
        var writes = writerClient.Resource(ConfigMaps.Resource);
        for (var i = 0; i < 20; i++)
        {
            await writes.CreateAsync(ConfigMaps.New($"w0-{i}", value: "initial"));
        }

        using var drops = Api.Server.Faults.Add(new WatchFault { Resource = "configmaps", AfterEvents = 7 });
        using var listErrors = Api.Server.Faults.Add(new FaultRule { Verb = "list", Resource = "configmaps", ErrorRate = 0.2, ErrorCode = 500 });
        using var watchErrors = Api.Server.Faults.Add(new FaultRule { Verb = "watch", Resource = "configmaps", ErrorRate = 0.1, ErrorCode = 503 });
        using var throttled = Api.Server.Faults.Add(new FaultRule { Verb = "watch", Resource = "configmaps", ErrorRate = 0.05, ErrorCode = 429, RetryAfterSeconds = 1 });

        var mirror = new HandlerMirror();
        var informer = new SharedInformer<KubernetesObject>(
            informerClient.Resource(ConfigMaps.Resource),
            new InformerOptions { PageSize = 25, InitialBackoff = TimeSpan.FromMilliseconds(2), MaxBackoff = TimeSpan.FromMilliseconds(40) });
        informer.AddHandler(mirror.Apply);
        await using var running = await RunningInformer.StartAsync(informer);

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => WriteAsync(writes, w, network)));
        network.ReleaseWatches();
        Api.Server.Faults.Clear(); // from here on only the watch can bring the cache in step

        var truth = await FreshListAsync(writes);
        await Eventually.WaitUntilAsync(
            () => Versions(informer.Cache.List()).SequenceEqual(truth), "the cache to equal a fresh list", TimeSpan.FromSeconds(30));
        await Eventually.WaitUntilAsync(() => mirror.Versions.SequenceEqual(truth), "the handlers' view to equal a fresh list");
        Assert.Empty(mirror.Violations);
        Assert.False(running.Running.IsCompleted);
        Assert.True(Api.Server.Requests.Count("list", "configmaps", 200) >= 2, "the informer never listed again");
        Assert.True(Api.Server.Requests.Count("watch", "configmaps", 200) >= 2, "no watch stream was cut");
        Assert.True(Api.Server.Requests.Count(code: 500) + Api.Server.Requests.Count(code: 503) + Api.Server.Requests.Count(code: 429) > 0, "no server error was injected");
    }

    /// <summary>
    /// Creates, updates and deletes objects of its own at random. The first writer also cuts the
    /// informer off now and then, so that it misses changes, and compacts history meanwhile, so that
    /// it must list again to learn them.
    /// </summary>
    private async Task WriteAsync(IResourceClient<KubernetesObject> writes, int writer, InterceptingHandler network)
    {
        var random = new Random(writer);
        var exists = new bool[NamesPerWriter];
        if (writer == 0)
        {
            Array.Fill(exists, true);
        }

        for (var op = 0; op < OperationsPerWriter; op++)
        {
            var i = random.Next(NamesPerWriter);
            var name = $"w{writer}-{i}";
            if (!exists[i])
            {
                await writes.CreateAsync(ConfigMaps.New(name, value: $"{op}"));
                exists[i] = true;
            }
            else if (random.Next(4) == 0)
            {
                await writes.DeleteAsync("default", name);
                exists[i] = false;
            }
            else
            {
                await writes.PatchAsync("default", name, Patch.Merge(ConfigMaps.SetValue($"{op}")));
            }

            if (writer == 0 && op % 30 == 0)
            {
                network.HoldWatches();
                network.CutWatches();
            }
            else if (writer == 0 && op % 30 == 15)
            {
                Api.Server.Store.Compact();
                network.ReleaseWatches();
            }
        }
    }

    private static async Task<List<string>> FreshListAsync(IResourceClient<KubernetesObject> writes)
    {
        var list = await writes.ListAllAsync("default");
        return Versions(list.Items);
    }

    private static List<string> Versions(IEnumerable<KubernetesObject> objects) =>
        [.. objects.Select(o => $"{ObjectKey.Of(o)}@{o.Metadata.ResourceVersion}").Order(StringComparer.Ordinal)];

    /// <summary>The world as the handlers were told it, and every change that did not fit what they were told before.</summary>
    private sealed class HandlerMirror
    {
        private readonly ConcurrentDictionary<ObjectKey, KubernetesObject> _objects = new();

        public ConcurrentQueue<string> Violations { get; } = new();

        public List<string> Versions => InformerChaosTests.Versions(_objects.Values);

        public void Apply(ObjectChange<KubernetesObject> change)
        {
            var known = _objects.TryGetValue(change.Key, out var current);
            switch (change.Type)
            {
                case ObjectChangeType.Added when known:
                    Violations.Enqueue($"Added {change.Key}, which was already there");
                    break;
                case ObjectChangeType.Updated or ObjectChangeType.Deleted when !known:
                    Violations.Enqueue($"{change.Type} {change.Key}, which was not there");
                    break;
                case ObjectChangeType.Updated or ObjectChangeType.Deleted when !ReferenceEquals(current, change.Old):
                    Violations.Enqueue($"{change.Type} {change.Key} with an old state other than the last one told");
                    break;
            }

            if (change.Type == ObjectChangeType.Deleted)
            {
                _objects.TryRemove(change.Key, out _);
            }
            else
            {
                _objects[change.Key] = change.New!;
            }
        }
    }
}
