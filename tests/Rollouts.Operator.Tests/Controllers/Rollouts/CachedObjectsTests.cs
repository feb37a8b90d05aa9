using System.Text.Json;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.Informers;
using Rollouts.Operator.Controllers.Rollouts;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

public class CachedObjectsTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static ObjectMeta Metadata(string name) => new()
    {
        Name = name,
        Namespace = "shop",
        Uid = name + "-uid",
        ResourceVersion = "42",
        CreationTimestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Labels = new Dictionary<string, string> { ["app"] = "web", [RolloutLabels.PodTemplateHash] = "abc" },
        Annotations = new Dictionary<string, string> { ["team"] = "shop", [CachedMetadata.LastAppliedAnnotation] = "{}" },
        OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-abc", Uid = "rs-uid", Controller = true }],
        UnknownFields = new Dictionary<string, JsonElement> { [CachedMetadata.ManagedFieldsKey] = Json("""[{"manager":"kubelet"}]""") },
    };

    private static Pod FullPod(bool ready) => new()
    {
        Metadata = Metadata("web-abc-1") with { DeletionTimestamp = new DateTimeOffset(2026, 1, 2, 4, 0, 0, TimeSpan.Zero) },
        Spec = new PodSpec
        {
            Containers = [new Container { Name = "web", Image = "web:1" }],
            UnknownFields = new Dictionary<string, JsonElement> { ["volumes"] = Json("""[{"name":"data"}]""") },
        },
        Status = new PodStatus
        {
            Phase = "Running",
            PodIP = "10.0.0.1",
            Conditions =
            [
                new PodCondition { Type = "PodScheduled", Status = "True" },
                new PodCondition { Type = "Ready", Status = ready ? "True" : "False", UnknownFields = new Dictionary<string, JsonElement> { ["lastProbeTime"] = Json("null") } },
            ],
            UnknownFields = new Dictionary<string, JsonElement> { ["containerStatuses"] = Json("""[{"name":"web","ready":true}]""") },
        },
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_cached_pod_keeps_what_the_planner_reads_and_nothing_else(bool ready)
    {
        var full = FullPod(ready);

        var cached = CachedObjects.Pod(full);

        Assert.Equal(ready ? "True" : "False", Assert.Single(cached.Status!.Conditions!, c => c.Type == "Ready").Status);
        var (m, f) = (cached.Metadata, full.Metadata);
        Assert.Equal((f.Name, f.Namespace, f.Uid, f.ResourceVersion, f.CreationTimestamp, f.DeletionTimestamp), (m.Name, m.Namespace, m.Uid, m.ResourceVersion, m.CreationTimestamp, m.DeletionTimestamp));
        Assert.Equal(f.Labels, m.Labels);
        Assert.Equal(f.OwnerReferences, m.OwnerReferences);
        Assert.Equal(["team"], m.Annotations!.Keys);
        Assert.Null(m.UnknownFields);
        Assert.Null(cached.Spec);
        Assert.Null(cached.Status!.UnknownFields);
        Assert.Equal(["Ready"], cached.Status.Conditions!.Select(c => c.Type));
    }

    [Fact]
    public void A_cached_replica_set_keeps_its_pod_template_metadata_but_not_its_pod_spec()
    {
        var full = new ReplicaSet
        {
            Metadata = Metadata("web-abc"),
            Spec = new ReplicaSetSpec
            {
                Replicas = 3,
                MinReadySeconds = 5,
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web", [RolloutLabels.PodTemplateHash] = "abc" } },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web", ["role"] = "canary" } },
                    Spec = new PodSpec { Containers = [new Container { Name = "web", Image = "web:1" }] },
                },
            },
            Status = new ReplicaSetStatus { Replicas = 3, ReadyReplicas = 2, AvailableReplicas = 2, ObservedGeneration = 4 },
        };
        var role = new PodMetadata { Labels = new Dictionary<string, string> { ["role"] = "stable" } };

        var cached = CachedObjects.ReplicaSet(full);

        Assert.Null(cached.Spec!.Template!.Spec);
        Assert.Equal(full.Spec.Template.Metadata!.Labels, cached.Spec.Template.Metadata!.Labels);
        Assert.Equal((3, 5), (cached.Spec.Replicas, cached.Spec.MinReadySeconds));
        Assert.Same(full.Spec.Selector, cached.Spec.Selector);
        Assert.Same(full.Status, cached.Status);
        Assert.Equal(full.Metadata.OwnerReferences, cached.Metadata.OwnerReferences);
        Assert.Null(cached.Metadata.UnknownFields);
        Assert.Equal(["team"], cached.Metadata.Annotations!.Keys);
        Assert.Equivalent(PodMetadataSync.Sync(full, role), PodMetadataSync.Sync(cached, role));
        Assert.NotNull(PodMetadataSync.Sync(cached, role));
    }

    [Fact]
    public void Objects_replaced_from_their_cached_copy_keep_the_last_applied_annotation()
    {
        var ingress = CachedObjects.Ingress(new Ingress { Metadata = Metadata("web-canary") });
        var route = CachedObjects.HttpRoute(new HttpRoute { Metadata = Metadata("web") });
        var rollout = CachedObjects.Rollout(new Rollout { Metadata = Metadata("web") });

        Assert.True(ingress.Metadata.Annotations!.ContainsKey(CachedMetadata.LastAppliedAnnotation));
        Assert.True(route.Metadata.Annotations!.ContainsKey(CachedMetadata.LastAppliedAnnotation));
        Assert.False(rollout.Metadata.Annotations!.ContainsKey(CachedMetadata.LastAppliedAnnotation));
        Assert.All([ingress.Metadata, route.Metadata, rollout.Metadata], m => Assert.Null(m.UnknownFields));
    }
}
