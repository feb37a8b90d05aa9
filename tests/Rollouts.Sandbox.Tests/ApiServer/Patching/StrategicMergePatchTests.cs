using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.ApiServer.Patching;

public class StrategicMergePatchTests
{
    /// <summary>Lists that merge by key, per built-in kind: kind, live object, patch, result.</summary>
    [Theory]
    [InlineData("Pod", """{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}""",
        """{"spec":{"containers":[{"name":"b","image":"z"}]}}""",
        """{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"z"}]}}""")]
    [InlineData("Pod", """{"spec":{"initContainers":[{"name":"init","image":"x","args":["a"]}]}}""",
        """{"spec":{"initContainers":[{"name":"init","image":"y"}]}}""",
        """{"spec":{"initContainers":[{"name":"init","image":"y","args":["a"]}]}}""")]
    [InlineData("Pod", """{"spec":{"ephemeralContainers":[{"name":"debug","image":"x"}]}}""",
        """{"spec":{"ephemeralContainers":[{"name":"debug","tty":true}]}}""",
        """{"spec":{"ephemeralContainers":[{"name":"debug","image":"x","tty":true}]}}""")]
    [InlineData("Deployment", """{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}}}""",
        """{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"B","value":"3"}]}]}}}}""",
        """{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"3"}]}]}}}}""")]
    [InlineData("ReplicaSet", """{"spec":{"template":{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"protocol":"TCP"}]}]}}}}""",
        """{"spec":{"template":{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"name":"http"}]}]}}}}""",
        """{"spec":{"template":{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"protocol":"TCP","name":"http"}]}]}}}}""")]
    [InlineData("Pod", """{"spec":{"containers":[{"name":"app","volumeMounts":[{"mountPath":"/a","name":"v1"},{"mountPath":"/b","name":"v2"}]}]}}""",
        """{"spec":{"containers":[{"name":"app","volumeMounts":[{"mountPath":"/b","readOnly":true}]}]}}""",
        """{"spec":{"containers":[{"name":"app","volumeMounts":[{"mountPath":"/a","name":"v1"},{"mountPath":"/b","name":"v2","readOnly":true}]}]}}""")]
    [InlineData("Pod", """{"spec":{"volumes":[{"name":"data","emptyDir":{}},{"name":"config","configMap":{"name":"c"}}]}}""",
        """{"spec":{"volumes":[{"name":"config","configMap":{"name":"d"}}]}}""",
        """{"spec":{"volumes":[{"name":"data","emptyDir":{}},{"name":"config","configMap":{"name":"d"}}]}}""")]
    [InlineData("Pod", """{"spec":{"imagePullSecrets":[{"name":"a"}]}}""",
        """{"spec":{"imagePullSecrets":[{"name":"b"}]}}""",
        """{"spec":{"imagePullSecrets":[{"name":"b"},{"name":"a"}]}}""")]
    [InlineData("StatefulSet", """{"spec":{"template":{"spec":{"volumes":[{"name":"data","emptyDir":{}}]}}}}""",
        """{"spec":{"template":{"spec":{"volumes":[{"name":"data","emptyDir":{"medium":"Memory"}}]}}}}""",
        """{"spec":{"template":{"spec":{"volumes":[{"name":"data","emptyDir":{"medium":"Memory"}}]}}}}""")]
    [InlineData("CronJob", """{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b"}]}}}}}}""",
        """{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"y"}]}}}}}}""",
        """{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"y"},{"name":"b"}]}}}}}}""")]
    [InlineData("Service", """{"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443,"targetPort":8443}]}}""",
        """{"spec":{"ports":[{"port":443,"targetPort":9443}]}}""",
        """{"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443,"targetPort":9443}]}}""")]
    [InlineData("ConfigMap", """{"metadata":{"ownerReferences":[{"uid":"1","name":"a","kind":"Rollout"},{"uid":"2","name":"b","kind":"Rollout"}]}}""",
        """{"metadata":{"ownerReferences":[{"uid":"2","controller":true}]}}""",
        """{"metadata":{"ownerReferences":[{"uid":"1","name":"a","kind":"Rollout"},{"uid":"2","name":"b","kind":"Rollout","controller":true}]}}""")]
    [InlineData("Secret", """{"metadata":{"finalizers":["a","b"]}}""",
        """{"metadata":{"finalizers":["b","c"]}}""",
        """{"metadata":{"finalizers":["a","b","c"]}}""")]
    [InlineData("Deployment", """{"status":{"conditions":[{"type":"Available","status":"True"},{"type":"Progressing","status":"True"}]}}""",
        """{"status":{"conditions":[{"type":"Available","status":"False","reason":"MinimumReplicasUnavailable"}]}}""",
        """{"status":{"conditions":[{"type":"Available","status":"False","reason":"MinimumReplicasUnavailable"},{"type":"Progressing","status":"True"}]}}""")]
    [InlineData("Pod", """{"status":{"conditions":[{"type":"Ready","status":"False"}]}}""",
        """{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""",
        """{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""")]
    [InlineData("Namespace", """{"status":{"phase":"Active","conditions":[{"type":"A","status":"True"}]}}""",
        """{"status":{"conditions":[{"type":"B","status":"True"}]}}""",
        """{"status":{"phase":"Active","conditions":[{"type":"B","status":"True"},{"type":"A","status":"True"}]}}""")]
    public void Merges_keyed_lists_item_by_item(string kind, string live, string patch, string expected)
    {
        JsonAssert.Equal(expected, StrategicMergePatch.Apply(JsonNode.Parse(live)!, JsonNode.Parse(patch)!, kind));
    }

    /// <summary>Maps, scalars and lists without a merge key: kind, live object, patch, result.</summary>
    [Theory]
    [InlineData("ConfigMap", """{"metadata":{"labels":{"a":"1","b":"2"}},"data":{"x":"1"}}""",
        """{"metadata":{"labels":{"a":null,"c":"3"}},"data":{"x":"2"}}""",
        """{"metadata":{"labels":{"b":"2","c":"3"}},"data":{"x":"2"}}""")]
    [InlineData("Pod", """{"spec":{"containers":[{"name":"app","args":["a","b"],"command":["x"]}]}}""",
        """{"spec":{"containers":[{"name":"app","args":["c"]}]}}""",
        """{"spec":{"containers":[{"name":"app","args":["c"],"command":["x"]}]}}""")]
    [InlineData("Ingress", """{"spec":{"rules":[{"host":"a"},{"host":"b"}]}}""",
        """{"spec":{"rules":[{"host":"c"}]}}""",
        """{"spec":{"rules":[{"host":"c"}]}}""")]
    [InlineData("Pod", """{"spec":{"tolerations":[{"key":"a"}]}}""",
        """{"spec":{"tolerations":[{"key":"b"}]}}""",
        """{"spec":{"tolerations":[{"key":"b"}]}}""")]
    [InlineData("Widget", """{"spec":{"containers":[{"name":"a"}]}}""",
        """{"spec":{"containers":[{"name":"b"}]}}""",
        """{"spec":{"containers":[{"name":"b"}]}}""")]
    [InlineData("ConfigMap", """{"data":{"a":"1"}}""",
        """{"metadata":{"labels":{"gone":null,"kept":"1"}},"binaryData":{"b":null}}""",
        """{"data":{"a":"1"},"metadata":{"labels":{"kept":"1"}},"binaryData":{}}""")]
    [InlineData("Pod", """{"spec":{"nodeSelector":{"a":"1"}}}""",
        """{"spec":{"nodeSelector":"x"}}""",
        """{"spec":{"nodeSelector":"x"}}""")]
    public void Merges_maps_and_replaces_lists_without_a_merge_key(string kind, string live, string patch, string expected)
    {
        JsonAssert.Equal(expected, StrategicMergePatch.Apply(JsonNode.Parse(live)!, JsonNode.Parse(patch)!, kind));
    }

    /// <summary>Each directive: live object, patch, result (kind Deployment, or Pod for spec.containers).</summary>
    [Theory]
    [InlineData("$patch: replace in an object replaces it whole", "Deployment",
        """{"spec":{"template":{"metadata":{"labels":{"a":"1","b":"2"}}}}}""",
        """{"spec":{"template":{"metadata":{"labels":{"$patch":"replace","c":"3"}}}}}""",
        """{"spec":{"template":{"metadata":{"labels":{"c":"3"}}}}}""")]
    [InlineData("$patch: delete in an object removes it", "Deployment",
        """{"spec":{"replicas":1,"strategy":{"type":"Recreate"}}}""",
        """{"spec":{"strategy":{"$patch":"delete"}}}""",
        """{"spec":{"replicas":1}}""")]
    [InlineData("$patch: merge in an object is the default", "Deployment",
        """{"spec":{"replicas":1,"strategy":{"type":"Recreate"}}}""",
        """{"spec":{"$patch":"merge","replicas":2}}""",
        """{"spec":{"replicas":2,"strategy":{"type":"Recreate"}}}""")]
    [InlineData("$patch: delete as a list item removes that item", "Pod",
        """{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""",
        """{"spec":{"containers":[{"$patch":"delete","name":"a"}]}}""",
        """{"spec":{"containers":[{"name":"b"}]}}""")]
    [InlineData("$patch: replace as a list item replaces the list", "Pod",
        """{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b"}]}}""",
        """{"spec":{"containers":[{"$patch":"replace"},{"name":"a","image":"y"}]}}""",
        """{"spec":{"containers":[{"name":"a","image":"y"}]}}""")]
    [InlineData("$patch: replace in a set list replaces it", "Pod",
        """{"metadata":{"finalizers":["a","b"]}}""",
        """{"metadata":{"finalizers":[{"$patch":"replace"},"c"]}}""",
        """{"metadata":{"finalizers":["c"]}}""")]
    [InlineData("$setElementOrder reorders a keyed list", "Pod",
        """{"spec":{"containers":[{"name":"app","env":[{"name":"A"},{"name":"B"},{"name":"C"}]}]}}""",
        """{"spec":{"containers":[{"name":"app","$setElementOrder/env":[{"name":"C"},{"name":"A"},{"name":"B"}]}]}}""",
        """{"spec":{"containers":[{"name":"app","env":[{"name":"C"},{"name":"A"},{"name":"B"}]}]}}""")]
    [InlineData("$setElementOrder places a new item", "Pod",
        """{"spec":{"containers":[{"name":"app","env":[{"name":"A"},{"name":"B"}]}]}}""",
        """{"spec":{"containers":[{"name":"app","$setElementOrder/env":[{"name":"A"},{"name":"N"},{"name":"B"}],"env":[{"name":"N","value":"n"}]}]}}""",
        """{"spec":{"containers":[{"name":"app","env":[{"name":"A"},{"name":"N","value":"n"},{"name":"B"}]}]}}""")]
    [InlineData("$setElementOrder slots a server-only item before the first listed item it preceded live", "Pod",
        """{"spec":{"containers":[{"name":"a"},{"name":"sidecar"},{"name":"b"}]}}""",
        """{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}""",
        """{"spec":{"containers":[{"name":"sidecar"},{"name":"b"},{"name":"a"}]}}""")]
    [InlineData("$setElementOrder keeps a server-only item after the listed items it followed live", "Pod",
        """{"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"sidecar"}]}}""",
        """{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}""",
        """{"spec":{"containers":[{"name":"b"},{"name":"a"},{"name":"sidecar"}]}}""")]
    [InlineData("$setElementOrder reorders a set list", "Pod",
        """{"metadata":{"finalizers":["a","b"]}}""",
        """{"metadata":{"$setElementOrder/finalizers":["b","c","a"],"finalizers":["c"]}}""",
        """{"metadata":{"finalizers":["b","c","a"]}}""")]
    [InlineData("a new item without $setElementOrder goes before the live items, as the real server puts it", "Pod",
        """{"spec":{"containers":[{"name":"a"}]}}""",
        """{"spec":{"containers":[{"name":"c","image":"q"}]}}""",
        """{"spec":{"containers":[{"name":"c","image":"q"},{"name":"a"}]}}""")]
    [InlineData("$retainKeys clears the fields it does not list", "Deployment",
        """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""",
        """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""",
        """{"spec":{"strategy":{"type":"Recreate"}}}""")]
    [InlineData("$retainKeys in a keyed list item", "Pod",
        """{"spec":{"volumes":[{"name":"v","emptyDir":{}}]}}""",
        """{"spec":{"volumes":[{"$retainKeys":["configMap","name"],"name":"v","configMap":{"name":"c"}}]}}""",
        """{"spec":{"volumes":[{"name":"v","configMap":{"name":"c"}}]}}""")]
    [InlineData("$deleteFromPrimitiveList removes values from a set", "Pod",
        """{"metadata":{"finalizers":["a","b","c"]}}""",
        """{"metadata":{"$deleteFromPrimitiveList/finalizers":["b","x"]}}""",
        """{"metadata":{"finalizers":["a","c"]}}""")]
    [InlineData("$deleteFromPrimitiveList of an absent list changes nothing", "Pod",
        """{"metadata":{"name":"p"}}""",
        """{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}}""",
        """{"metadata":{"name":"p"}}""")]
    [InlineData("directives in a new value are applied, not stored", "Pod",
        """{"spec":{}}""",
        """{"spec":{"containers":[{"name":"a","env":[{"$patch":"delete","name":"X"},{"name":"Y","value":null}]}]}}""",
        """{"spec":{"containers":[{"name":"a","env":[{"name":"Y"}]}]}}""")]
    [InlineData("$patch: delete at the root empties the object", "Pod",
        """{"metadata":{"name":"p"}}""",
        """{"$patch":"delete"}""",
        """{}""")]
    public void Honours_directives(string directive, string kind, string live, string patch, string expected)
    {
        Assert.NotEmpty(directive);
        JsonAssert.Equal(expected, StrategicMergePatch.Apply(JsonNode.Parse(live)!, JsonNode.Parse(patch)!, kind));
    }

    /// <summary>Patches the server cannot apply: 400 BadRequest saying why.</summary>
    [Theory]
    [InlineData("""["not","an","object"]""", "must be a JSON object")]
    [InlineData("""{"spec":{"containers":[{"image":"x"}]}}""", "does not contain declared merge key: name")]
    [InlineData("""{"spec":{"containers":[{"$patch":"delete","image":"x"}]}}""", "does not contain declared merge key: name")]
    [InlineData("""{"spec":{"containers":["app"]}}""", "merges by \"name\"")]
    [InlineData("""{"spec":{"containers":[{"$patch":"merge"}]}}""", "merging lists cannot yet be specified")]
    [InlineData("""{"spec":{"$patch":"frobnicate"}}""", "unknown patch type: frobnicate")]
    [InlineData("""{"spec":{"$retainKeys":["a"],"b":1}}""", "invalid patch format of retainKeys")]
    [InlineData("""{"spec":{"$retainKeys":"a"}}""", "invalid patch format of retainKeys")]
    [InlineData("""{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"name":"b"}]}}""", "does not match $setElementOrder/containers")]
    [InlineData("""{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],"containers":[{"name":"a"},{"name":"b"}]}}""", "does not match $setElementOrder/containers")]
    [InlineData("""{"spec":{"$setElementOrder/containers":"a"}}""", "must be a list")]
    [InlineData("""{"metadata":{"$deleteFromPrimitiveList/finalizers":"a"}}""", "must be a list")]
    public void Refuses_patches_it_cannot_apply_with_400(string patch, string expected)
    {
        var live = JsonNode.Parse("""{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""")!;

        var error = Assert.Throws<ApiError>(() => StrategicMergePatch.Apply(live, JsonNode.Parse(patch)!, "Pod"));

        Assert.Equal(400, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaves_both_inputs_unchanged()
    {
        const string Live = """{"spec":{"containers":[{"name":"a","image":"x"}]}}""";
        const string Patch = """{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],"containers":[{"name":"b"},{"$patch":"delete","name":"a"}]}}""";
        var live = JsonNode.Parse(Live)!;
        var patch = JsonNode.Parse(Patch)!;

        var result = StrategicMergePatch.Apply(live, patch, "Pod");

        JsonAssert.Equal("""{"spec":{"containers":[{"name":"b"}]}}""", result);
        JsonAssert.Equal(Live, live);
        JsonAssert.Equal(Patch, patch);
    }

    /// <summary>
    /// What kubectl 1.32 sends for <c>kubectl apply -f</c> after the manifest changed the image, dropped the DEBUG
    /// variable and moved the container port from 8080 to 8081: a three-way patch with $setElementOrder and deletions.
    /// </summary>
    [Fact]
    public void Lands_a_kubectl_apply_update_of_a_Deployment()
    {
        var live = JsonNode.Parse("""
            {
              "apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {
                "name": "web", "namespace": "default", "resourceVersion": "41", "generation": 1,
                "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"old\":true}\n", "team": "payments"}
              },
              "spec": {
                "replicas": 2,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {
                  "metadata": {"labels": {"app": "web"}},
                  "spec": {
                    "containers": [{
                      "name": "web", "image": "example/web:1.0", "imagePullPolicy": "IfNotPresent",
                      "env": [{"name": "MODE", "value": "prod"}, {"name": "DEBUG", "value": "1"}],
                      "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}],
                      "terminationMessagePath": "/dev/termination-log"
                    }],
                    "restartPolicy": "Always", "dnsPolicy": "ClusterFirst"
                  }
                }
              },
              "status": {"replicas": 2}
            }
            """)!;
        var patch = JsonNode.Parse("""
            {
              "metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"new\":true}\n"}},
              "spec": {"template": {"spec": {
                "$setElementOrder/containers": [{"name": "web"}],
                "containers": [{
                  "$setElementOrder/env": [{"name": "MODE"}],
                  "$setElementOrder/ports": [{"containerPort": 8081}],
                  "env": [{"$patch": "delete", "name": "DEBUG"}],
                  "image": "example/web:2.0",
                  "name": "web",
                  "ports": [{"containerPort": 8081, "name": "http"}, {"$patch": "delete", "containerPort": 8080}]
                }]
              }}}
            }
            """)!;

        var result = StrategicMergePatch.Apply(live, patch, "Deployment");

        var container = result["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Single(result["spec"]!["template"]!["spec"]!["containers"]!.AsArray());
        Assert.Equal("example/web:2.0", container["image"]!.GetValue<string>());
        JsonAssert.Equal("""[{"name":"MODE","value":"prod"}]""", container["env"]);
        JsonAssert.Equal("""[{"containerPort":8081,"name":"http"}]""", container["ports"]);
        Assert.Equal("IfNotPresent", container["imagePullPolicy"]!.GetValue<string>());
        Assert.Equal("/dev/termination-log", container["terminationMessagePath"]!.GetValue<string>());
        Assert.Equal("{\"new\":true}\n", result["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]!.GetValue<string>());
        Assert.Equal("payments", result["metadata"]!["annotations"]!["team"]!.GetValue<string>());
        Assert.Equal(2, result["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("41", result["metadata"]!["resourceVersion"]!.GetValue<string>());
        JsonAssert.Equal("""{"replicas":2}""", result["status"]);
    }
}
