using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Tests.Models;

public class KubernetesJsonContextTests
{
    // A ReplicaSet as a newer server might send it: fields we model, and fields we do not, at every level.
    private const string ReplicaSetJson = """
        {
          "apiVersion": "apps/v1",
          "kind": "ReplicaSet",
          "metadata": {
            "name": "web-6f7d8",
            "namespace": "shop",
            "uid": "0b7c",
            "resourceVersion": "42",
            "generation": 3,
            "creationTimestamp": "2024-05-01T12:00:00Z",
            "labels": {"app": "web"},
            "ownerReferences": [{"apiVersion": "rollouts.dev/v1alpha1", "kind": "Rollout", "name": "web", "uid": "9a", "controller": true, "futureOwnerField": 1}],
            "managedFields": [{"manager": "kubectl", "operation": "Apply"}],
            "selfLink": "/apis/apps/v1/namespaces/shop/replicasets/web-6f7d8"
          },
          "spec": {
            "replicas": 3,
            "minReadySeconds": 5,
            "selector": {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["a"], "newKnob": true}]},
            "template": {
              "metadata": {"labels": {"app": "web"}, "annotations": {"a": "b"}},
              "spec": {
                "containers": [{"name": "web", "image": "web:1.1", "ports": [{"containerPort": 8080}], "resources": {"limits": {"cpu": "500m"}}}],
                "volumes": [{"name": "data", "emptyDir": {}}],
                "terminationGracePeriodSeconds": 30
              },
              "templateExtra": "kept"
            },
            "specExtra": {"nested": [1, 2, {"deep": null}]}
          },
          "status": {
            "replicas": 3, "readyReplicas": 2, "availableReplicas": 2, "observedGeneration": 3, "fullyLabeledReplicas": 3,
            "conditions": [{"type": "ReplicaFailure", "status": "False"}]
          },
          "topLevelExtra": "x"
        }
        """;

    [Fact]
    public void Replica_set_round_trip_keeps_every_field_the_model_does_not_know()
    {
        var replicaSet = JsonSerializer.Deserialize(ReplicaSetJson, KubernetesJsonContext.Default.ReplicaSet)!;

        var written = JsonSerializer.Serialize(replicaSet, KubernetesJsonContext.Default.ReplicaSet);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ReplicaSetJson), JsonNode.Parse(written)), written);
    }

    [Fact]
    public void Known_fields_are_typed()
    {
        var replicaSet = JsonSerializer.Deserialize(ReplicaSetJson, KubernetesJsonContext.Default.ReplicaSet)!;

        Assert.Equal("web-6f7d8", replicaSet.Metadata.Name);
        Assert.Equal(3, replicaSet.Metadata.Generation);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), replicaSet.Metadata.CreationTimestamp);
        Assert.Equal(true, replicaSet.Metadata.OwnerReferences![0].Controller);
        Assert.Equal(3, replicaSet.Spec!.Replicas);
        Assert.Equal("web:1.1", replicaSet.Spec.Template!.Spec!.Containers![0].Image);
        Assert.Equal(2, replicaSet.Status!.AvailableReplicas);
        Assert.Equal(3, replicaSet.Status.ObservedGeneration);
    }

    [Fact]
    public void A_changed_copy_keeps_unknown_fields_when_written()
    {
        var replicaSet = JsonSerializer.Deserialize(ReplicaSetJson, KubernetesJsonContext.Default.ReplicaSet)!;

        var scaled = replicaSet with { Spec = replicaSet.Spec! with { Replicas = 5 } };
        var written = JsonNode.Parse(JsonSerializer.Serialize(scaled, KubernetesJsonContext.Default.ReplicaSet))!;

        Assert.Equal(5, (int)written["spec"]!["replicas"]!);
        Assert.Equal("kept", (string)written["spec"]!["template"]!["templateExtra"]!);
        Assert.Equal(30, (int)written["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"]!);
        Assert.Equal("kubectl", (string)written["metadata"]!["managedFields"]![0]!["manager"]!);
    }

    public static TheoryData<string, JsonTypeInfo> EveryModel => new()
    {
        { """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","x":1},"spec":{"containers":[{"name":"c","image":"i","env":[{"name":"A"}]}],"nodeName":"n"},"status":{"phase":"Running","podIP":"10.0.0.1","hostIP":"1.2.3.4","conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2024-05-01T12:00:00Z","y":2}]}}""", KubernetesJsonContext.Default.Pod },
        { """{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"selector":{"app":"web"},"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":"http","appProtocol":"h2"},{"port":81,"targetPort":8081}],"type":"ClusterIP","clusterIP":"10.96.0.1","sessionAffinity":"None"},"status":{"loadBalancer":{}}}""", KubernetesJsonContext.Default.Service },
        { """{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"i","annotations":{"nginx.ingress.kubernetes.io/canary":"true"}},"spec":{"ingressClassName":"nginx","defaultBackend":{"service":{"name":"d","port":{"name":"http"}}},"rules":[{"host":"a.example","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}},"z":1}}]}}],"tls":[{"hosts":["a.example"],"secretName":"t"}]},"status":{"loadBalancer":{"ingress":[{"ip":"1.1.1.1"}]}}}""", KubernetesJsonContext.Default.Ingress },
        { """{"apiVersion":"v1","kind":"Event","metadata":{"name":"e.17"},"involvedObject":{"apiVersion":"rollouts.dev/v1alpha1","kind":"Rollout","namespace":"shop","name":"web","uid":"u","resourceVersion":"1","fieldPath":"spec"},"reason":"Paused","message":"m","type":"Normal","count":2,"firstTimestamp":"2024-05-01T12:00:00Z","lastTimestamp":"2024-05-01T12:01:00Z","eventTime":"2024-05-01T12:00:00.123456Z","source":{"component":"rollouts","host":"h"},"reportingComponent":"rollouts.dev/controller","reportingInstance":"pod-1","action":"Pause","series":{"count":2}}""", KubernetesJsonContext.Default.Event },
        { """{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"rollouts-leader","namespace":"rollouts-system"},"spec":{"holderIdentity":"pod-1","leaseDurationSeconds":15,"acquireTime":"2024-05-01T12:00:00.000000Z","renewTime":"2024-05-01T12:00:10.500000Z","leaseTransitions":4,"strategy":"OldestEmulationVersion"}}""", KubernetesJsonContext.Default.Lease },
        { """{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"web"},"spec":{"replicas":3},"status":{"replicas":2,"selector":"app=web"}}""", KubernetesJsonContext.Default.Scale },
        { """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"bad","reason":"Invalid","details":{"name":"web","group":"apps","kind":"replicasets","causes":[{"reason":"FieldValueInvalid","message":"must be >= 0","field":"spec.replicas"}],"retryAfterSeconds":1},"code":422}""", KubernetesJsonContext.Default.Status },
        { """{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"r"},"spec":{"rules":[{"backendRefs":[{"name":"a","weight":90}]}]}}""", KubernetesJsonContext.Default.KubernetesObject },
    };

    [Theory]
    [MemberData(nameof(EveryModel))]
    public void Every_model_writes_back_what_it_read(string json, JsonTypeInfo typeInfo)
    {
        var value = JsonSerializer.Deserialize(json, typeInfo);

        var written = JsonSerializer.Serialize(value, typeInfo);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written)), written);
    }

    [Fact]
    public void An_item_listed_without_kind_api_version_or_metadata_still_has_them()
    {
        var replicaSet = JsonSerializer.Deserialize("{}", KubernetesJsonContext.Default.ReplicaSet)!;

        Assert.Equal("apps/v1", replicaSet.ApiVersion);
        Assert.Equal("ReplicaSet", replicaSet.Kind);
        Assert.NotNull(replicaSet.Metadata);
        Assert.Null(replicaSet.Metadata.Name);
    }

    [Fact]
    public void Nulls_are_left_out_and_names_are_camel_case()
    {
        var service = new Service
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
            Spec = new ServiceSpec { ClusterIP = "10.0.0.1", Ports = [new ServicePort { Port = 80, TargetPort = "http" }] },
        };

        var written = JsonSerializer.Serialize(service, KubernetesJsonContext.Default.Service);

        Assert.Equal(
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop"},"spec":{"ports":[{"port":80,"targetPort":"http"}],"clusterIP":"10.0.0.1"}}""",
            written);
    }

    [Fact]
    public void A_new_object_and_the_same_object_read_back_are_equal_when_nothing_unknown_was_sent()
    {
        var lease = new Lease
        {
            Metadata = new ObjectMeta { Name = "leader", Namespace = "rollouts-system" },
            Spec = new LeaseSpec { HolderIdentity = "pod-1", LeaseDurationSeconds = 15 },
        };

        var readBack = JsonSerializer.Deserialize(JsonSerializer.Serialize(lease, KubernetesJsonContext.Default.Lease), KubernetesJsonContext.Default.Lease);

        Assert.Equal(lease.Spec, readBack!.Spec);
    }
}
