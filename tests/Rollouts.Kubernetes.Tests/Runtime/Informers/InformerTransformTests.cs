using System.Text.Json;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.Informers;
using Rollouts.Kubernetes.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Kubernetes.Tests.Runtime.Informers;

public class InformerTransformTests : SandboxTest
{
    private static readonly Dictionary<string, string> Annotated = new(StringComparer.Ordinal)
    {
        [CachedMetadata.LastAppliedAnnotation] = """{"apiVersion":"v1","kind":"ConfigMap"}""",
        ["team"] = "shop",
    };

    private static KubernetesObject Trim(KubernetesObject item) => item with { Metadata = CachedMetadata.Trim(item.Metadata) };

    [Fact]
    public async Task Listed_and_watched_objects_are_cached_and_handed_to_handlers_as_the_transform_made_them()
    {
        await ConfigMapClient.CreateAsync(ConfigMaps.New("listed", value: "1") with { Metadata = new ObjectMeta { Name = "listed", Namespace = "default", Annotations = Annotated } });
        var changes = new ChangeRecorder();
        var informer = new SharedInformer<KubernetesObject>(ConfigMapClient, transform: Trim);
        informer.AddHandler(changes.Record);
        await using var running = await RunningInformer.StartAsync(informer);
        await ConfigMapClient.CreateAsync(ConfigMaps.New("watched", value: "2") with { Metadata = new ObjectMeta { Name = "watched", Namespace = "default", Annotations = Annotated } });
        await Eventually.WaitUntilAsync(() => informer.Cache.Get("default", "watched") is not null, "the watched ConfigMap in the cache");

        foreach (var name in new[] { "listed", "watched" })
        {
            var stored = await ConfigMapClient.GetAsync("default", name);
            Assert.True(stored.Metadata.UnknownFields?.ContainsKey(CachedMetadata.ManagedFieldsKey), $"the server keeps managedFields of {name}");
            Assert.True(stored.Metadata.Annotations?.ContainsKey(CachedMetadata.LastAppliedAnnotation), $"the server keeps the annotation of {name}");

            var cached = informer.Cache.Get("default", name)!;
            Assert.False(cached.Metadata.UnknownFields?.ContainsKey(CachedMetadata.ManagedFieldsKey) ?? false);
            Assert.False(cached.Metadata.Annotations?.ContainsKey(CachedMetadata.LastAppliedAnnotation) ?? false);
            Assert.Equal("shop", cached.Metadata.Annotations?["team"]);
            Assert.Equal(stored.Metadata.ResourceVersion, cached.Metadata.ResourceVersion);
            Assert.Equal(stored.Metadata.Uid, cached.Metadata.Uid);
            Assert.Same(cached, changes.All.Last(c => c.Key.Name == name).New);
        }

        Assert.Equal("1", ConfigMaps.Value(informer.Cache.Get("default", "listed")!));
    }

    [Fact]
    public async Task Watched_updates_are_transformed_as_well()
    {
        await ConfigMapClient.CreateAsync(ConfigMaps.New("web", value: "1"));
        var changes = new ChangeRecorder();
        var informer = new SharedInformer<KubernetesObject>(ConfigMapClient, transform: Trim);
        informer.AddHandler(changes.Record);
        await using var running = await RunningInformer.StartAsync(informer);
        var first = informer.Cache.Get("default", "web");

        await ConfigMapClient.PatchAsync("default", "web", Patch.Merge(ConfigMaps.SetValue("2")));
        await Eventually.WaitUntilAsync(() => ConfigMaps.Value(informer.Cache.Get("default", "web")!) == "2", "the update in the cache");

        Assert.NotSame(first, informer.Cache.Get("default", "web"));
        Assert.Equal(["Added default/web", "Updated default/web"], changes.Lines);
        Assert.False(informer.Cache.Get("default", "web")!.Metadata.UnknownFields?.ContainsKey(CachedMetadata.ManagedFieldsKey) ?? false);
    }

    [Fact]
    public async Task A_list_in_pages_hands_every_item_of_every_page_to_the_transform_once()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await ConfigMapClient.CreateAsync(ConfigMaps.New(name, value: name));
        }

        var seen = new List<string>();
        var list = await ConfigMapClient.ListAllAsync("default", new ListOptions { Limit = 2 }, transform: item =>
        {
            seen.Add(item.Metadata.Name!);
            return Trim(item);
        });

        Assert.Equal(["a", "b", "c", "d", "e"], seen.Order());
        Assert.Equal(5, list.Items.Count);
        Assert.All(list.Items, item => Assert.False(item.Metadata.UnknownFields?.ContainsKey(CachedMetadata.ManagedFieldsKey) ?? false));
        Assert.Equal(3, Api.Server.Requests.Count("list", "configmaps", 200));
    }
}
