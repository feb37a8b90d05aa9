using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime;
using Rollouts.Kubernetes.Runtime.Informers;
using Rollouts.Kubernetes.Tests.Support;

namespace Rollouts.Kubernetes.Tests.Runtime.Informers;

public class CacheSnapshotTests
{
    private static readonly OwnerReference Rollout = new() { Kind = "Rollout", Name = "web", Uid = "uid-web" };
    private static readonly OwnerReference Other = new() { Kind = "Rollout", Name = "api", Uid = "uid-api" };

    [Fact]
    public void Lookups_by_key_namespace_owner_and_label()
    {
        var snapshot = CacheSnapshot<KubernetesObject>.From([
            Object("shop", "web-1", owners: [Rollout], labels: [("track", "stable")]),
            Object("shop", "web-2", owners: [Rollout, Other], labels: [("track", "canary")]),
            Object("shop", "api-1", owners: [Other], labels: [("track", "stable")]),
            Object("blog", "web-1", labels: [("track", "stable")]),
        ]);

        Assert.Equal(4, snapshot.Count);
        Assert.Equal("blog", snapshot.Get("blog", "web-1")!.Metadata.Namespace);
        Assert.Null(snapshot.Get("blog", "web-2"));
        Assert.Equal(["shop/api-1", "shop/web-1", "shop/web-2"], Keys(snapshot.List("shop")));
        Assert.Equal(["blog/web-1", "shop/api-1", "shop/web-1", "shop/web-2"], Keys(snapshot.List()));
        Assert.Empty(snapshot.List("nowhere"));
        Assert.Equal(["shop/web-1", "shop/web-2"], Keys(snapshot.ByOwner("uid-web")));
        Assert.Equal(["shop/api-1", "shop/web-2"], Keys(snapshot.ByOwner("uid-api")));
        Assert.Equal(["blog/web-1", "shop/api-1", "shop/web-1"], Keys(snapshot.ByLabel("track", "stable")));
        Assert.Empty(snapshot.ByLabel("track", "stab"));
    }

    [Fact]
    public void An_update_moves_the_object_between_index_entries()
    {
        var before = CacheSnapshot<KubernetesObject>.From([Object("shop", "web-1", owners: [Rollout], labels: [("track", "canary")])]);

        var after = before.With(Object("shop", "web-1", owners: [Other], labels: [("track", "stable")]));

        Assert.Empty(after.ByOwner("uid-web"));
        Assert.Empty(after.ByLabel("track", "canary"));
        Assert.Equal(["shop/web-1"], Keys(after.ByOwner("uid-api")));
        Assert.Equal(["shop/web-1"], Keys(after.ByLabel("track", "stable")));
        Assert.Equal(1, after.Count);
    }

    [Fact]
    public void A_removed_object_leaves_every_index()
    {
        var before = CacheSnapshot<KubernetesObject>.From([
            Object("shop", "web-1", owners: [Rollout], labels: [("track", "canary")]),
            Object("shop", "web-2", owners: [Rollout]),
        ]);

        var after = before.Without(new ObjectKey("shop", "web-1"));

        Assert.Null(after.Get("shop", "web-1"));
        Assert.Equal(["shop/web-2"], Keys(after.List("shop")));
        Assert.Equal(["shop/web-2"], Keys(after.ByOwner("uid-web")));
        Assert.Empty(after.ByLabel("track", "canary"));
        Assert.Same(after, after.Without(new ObjectKey("shop", "web-1")));
    }

    [Fact]
    public void A_snapshot_never_sees_later_changes()
    {
        var cache = new ObjectCache<KubernetesObject>();
        cache.Publish(CacheSnapshot<KubernetesObject>.From([Object("shop", "web-1")]));
        var taken = cache.Snapshot;

        cache.Publish(taken.With(Object("shop", "web-2")).Without(new ObjectKey("shop", "web-1")));

        Assert.Equal(["shop/web-1"], Keys(taken.List()));
        Assert.Equal(["shop/web-2"], Keys(cache.List()));
        Assert.Null(cache.Get("shop", "web-1"));
    }

    [Fact]
    public void Cluster_scoped_objects_have_an_empty_namespace()
    {
        var snapshot = CacheSnapshot<KubernetesObject>.From([Object(null, "node-a"), Object("shop", "web")]);

        Assert.Equal("node-a", snapshot.Get(null, "node-a")!.Metadata.Name);
        Assert.Equal(["node-a"], Keys(snapshot.List("")));
    }

    private static KubernetesObject Object(string? ns, string name, OwnerReference[]? owners = null, (string Key, string Value)[]? labels = null) =>
        ConfigMaps.New(name, ns!, labels?.ToDictionary(l => l.Key, l => l.Value), owners: owners);

    private static string[] Keys(IEnumerable<KubernetesObject> objects) => [.. objects.Select(o => ObjectKey.Of(o).ToString())];
}
