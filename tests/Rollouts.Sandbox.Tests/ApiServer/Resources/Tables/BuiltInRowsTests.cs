using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Resources.Tables;

namespace Rollouts.Sandbox.Tests.ApiServer.Resources.Tables;

/// <summary>The row of each built-in kind for realistic objects, as kubectl shows it against a real cluster.</summary>
public class BuiltInRowsTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private const string FiveMinutesAgo = "2025-03-01T11:55:00Z";

    private static string Cells(ResourceType type, string json)
    {
        var table = TableBuilder.ForObject(type, TestCrds.Parse(json), new TableOptions { Now = Now });
        return TestJson.Compact(table["rows"]![0]!["cells"]);
    }

    private static string Headers(ResourceType type) =>
        string.Join(" ", TableBuilder.Columns(type).Where(c => c.Priority == 0).Select(c => c.Name.ToUpperInvariant()))
        + " | " + string.Join(" ", TableBuilder.Columns(type).Where(c => c.Priority > 0).Select(c => c.Name.ToUpperInvariant()));

    [Theory]
    [InlineData("pods", "NAME READY STATUS RESTARTS AGE | IP NODE NOMINATED NODE READINESS GATES")]
    [InlineData("services", "NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE | SELECTOR")]
    [InlineData("namespaces", "NAME STATUS AGE | ")]
    [InlineData("configmaps", "NAME DATA AGE | ")]
    [InlineData("secrets", "NAME TYPE DATA AGE | ")]
    [InlineData("events", "LAST SEEN TYPE REASON OBJECT MESSAGE | SUBOBJECT SOURCE FIRST SEEN COUNT NAME")]
    [InlineData("serviceaccounts", "NAME SECRETS AGE | ")]
    [InlineData("endpoints", "NAME ENDPOINTS AGE | ")]
    [InlineData("deployments", "NAME READY UP-TO-DATE AVAILABLE AGE | CONTAINERS IMAGES SELECTOR")]
    [InlineData("replicasets", "NAME DESIRED CURRENT READY AGE | CONTAINERS IMAGES SELECTOR")]
    [InlineData("ingresses", "NAME CLASS HOSTS ADDRESS PORTS AGE | ")]
    [InlineData("ingressclasses", "NAME CONTROLLER PARAMETERS AGE | ")]
    [InlineData("leases", "NAME HOLDER AGE | ")]
    [InlineData("customresourcedefinitions", "NAME CREATED AT | ")]
    public void Columns_are_those_kubectl_shows(string plural, string headers)
    {
        var type = ResourceRegistry.BuiltIn.All.First(t => t.Plural == plural);

        Assert.Equal(headers, Headers(type));
    }

    [Fact]
    public void A_running_pod()
    {
        var cells = Cells(BuiltInTypes.Pods, $$"""
            {
              "metadata": { "name": "web-7d4b9c-x2x9z", "creationTimestamp": "{{FiveMinutesAgo}}" },
              "spec": { "nodeName": "node-1", "containers": [ { "name": "app" }, { "name": "proxy" } ] },
              "status": {
                "phase": "Running", "podIP": "10.0.0.7", "podIPs": [ { "ip": "10.0.0.7" } ],
                "conditions": [ { "type": "Ready", "status": "True" } ],
                "containerStatuses": [
                  { "name": "app", "ready": true, "restartCount": 0, "state": { "running": {} } },
                  { "name": "proxy", "ready": true, "restartCount": 0, "state": { "running": {} } }
                ]
              }
            }
            """);

        Assert.Equal("""["web-7d4b9c-x2x9z","2/2","Running","0","5m","10.0.0.7","node-1","<none>","<none>"]""", cells);
    }

    [Fact]
    public void A_crash_looping_pod_shows_its_restarts_and_when_it_last_restarted()
    {
        var cells = Cells(BuiltInTypes.Pods, $$"""
            {
              "metadata": { "name": "web", "creationTimestamp": "2025-03-01T11:00:00Z" },
              "spec": { "containers": [ { "name": "app" } ] },
              "status": {
                "phase": "Running",
                "containerStatuses": [ {
                  "name": "app", "ready": false, "restartCount": 4,
                  "state": { "waiting": { "reason": "CrashLoopBackOff" } },
                  "lastState": { "terminated": { "exitCode": 1, "finishedAt": "2025-03-01T11:58:00Z" } }
                } ]
              }
            }
            """);

        Assert.Equal("""["web","0/1","CrashLoopBackOff","4 (2m ago)","60m","<none>","<none>","<none>","<none>"]""", cells);
    }

    [Theory]
    [InlineData("""{"phase":"Pending","containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}}]}""", "0/1", "ContainerCreating")]
    [InlineData("""{"phase":"Pending"}""", "0/1", "Pending")]
    [InlineData("""{"phase":"Pending","initContainerStatuses":[{"name":"init","ready":false,"restartCount":0,"state":{"running":{}}}]}""", "0/1", "Init:0/1")]
    [InlineData("""{"phase":"Pending","initContainerStatuses":[{"name":"init","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":2}}}]}""", "0/1", "Init:ExitCode:2")]
    [InlineData("""{"phase":"Succeeded","containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}""", "0/1", "Completed")]
    [InlineData("""{"phase":"Failed","containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":137,"reason":"OOMKilled"}}}]}""", "0/1", "OOMKilled")]
    [InlineData("""{"phase":"Failed","reason":"Evicted"}""", "0/1", "Evicted")]
    public void A_pods_status_column_explains_its_state(string status, string ready, string expected)
    {
        var pod = TestCrds.Parse($$"""
            { "metadata": { "name": "p", "creationTimestamp": "{{FiveMinutesAgo}}" },
              "spec": { "initContainers": [ { "name": "init" } ], "containers": [ { "name": "app" } ] } }
            """);
        pod["status"] = JsonNode.Parse(status);
        if (!status.Contains("initContainerStatuses", StringComparison.Ordinal))
        {
            pod["spec"]!.AsObject().Remove("initContainers");
        }

        var row = TableBuilder.ForObject(BuiltInTypes.Pods, pod, new TableOptions { Now = Now })["rows"]![0]!;

        Assert.Equal(ready, row["cells"]![1]!.GetValue<string>());
        Assert.Equal(expected, row["cells"]![2]!.GetValue<string>());
    }

    [Fact]
    public void A_finished_pod_row_is_marked_completed()
    {
        var pod = TestCrds.Parse("""{ "metadata": { "name": "job" }, "spec": { "containers": [] }, "status": { "phase": "Succeeded" } }""");

        var row = TableBuilder.ForObject(BuiltInTypes.Pods, pod, new TableOptions { Now = Now })["rows"]![0]!;

        Assert.Equal(
            """[{"type":"Completed","status":"True","reason":"Succeeded","message":"The pod has completed successfully."}]""",
            TestJson.Compact(row["conditions"]));
        Assert.Equal("<unknown>", row["cells"]![4]!.GetValue<string>());
    }

    [Fact]
    public void A_deleted_pod_is_terminating()
    {
        var cells = Cells(BuiltInTypes.Pods, $$"""
            { "metadata": { "name": "p", "creationTimestamp": "{{FiveMinutesAgo}}", "deletionTimestamp": "2025-03-01T12:00:00Z" },
              "spec": { "containers": [ { "name": "app" } ] },
              "status": { "phase": "Running", "containerStatuses": [ { "name": "app", "ready": true, "restartCount": 0, "state": { "running": {} } } ] } }
            """);

        Assert.StartsWith("""["p","1/1","Terminating",""", cells, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deployment()
    {
        var cells = Cells(BuiltInTypes.Deployments, $$"""
            {
              "metadata": { "name": "web", "creationTimestamp": "2025-02-27T09:00:00Z" },
              "spec": {
                "replicas": 3,
                "selector": { "matchLabels": { "app": "web", "tier": "front" },
                              "matchExpressions": [ { "key": "env", "operator": "In", "values": ["prod", "canary"] } ] },
                "template": { "spec": { "containers": [ { "name": "app", "image": "nginx:1.27" }, { "name": "proxy", "image": "envoy:1.30" } ] } }
              },
              "status": { "replicas": 3, "readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2 }
            }
            """);

        Assert.Equal("""["web","2/3",3,2,"2d3h","app,proxy","nginx:1.27,envoy:1.30","app=web,env in (canary,prod),tier=front"]""", cells);
    }

    [Fact]
    public void A_new_deployment_without_status()
    {
        var cells = Cells(BuiltInTypes.Deployments, $$"""
            { "metadata": { "name": "web", "creationTimestamp": "2025-03-01T11:59:55Z" },
              "spec": { "template": { "spec": { "containers": [ { "name": "app", "image": "nginx" } ] } } } }
            """);

        Assert.Equal("""["web","0/1",0,0,"5s","app","nginx",""]""", cells);
    }

    [Fact]
    public void A_replica_set()
    {
        var cells = Cells(BuiltInTypes.ReplicaSets, $$"""
            {
              "metadata": { "name": "web-7d4b9c", "creationTimestamp": "{{FiveMinutesAgo}}" },
              "spec": { "replicas": 2,
                        "selector": { "matchLabels": { "app": "web", "pod-template-hash": "7d4b9c" } },
                        "template": { "spec": { "containers": [ { "name": "app", "image": "nginx:1.27" } ] } } },
              "status": { "replicas": 2, "readyReplicas": 1 }
            }
            """);

        Assert.Equal("""["web-7d4b9c",2,2,1,"5m","app","nginx:1.27","app=web,pod-template-hash=7d4b9c"]""", cells);
    }

    [Theory]
    [InlineData("""{"type":"ClusterIP","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],"ports":[{"port":80,"protocol":"TCP"},{"port":53,"protocol":"UDP"}],"selector":{"app":"web"}}""", "{}",
        """["svc","ClusterIP","10.96.0.10","<none>","80/TCP,53/UDP","5m","app=web"]""")]
    [InlineData("""{"type":"NodePort","clusterIP":"10.96.0.11","ports":[{"port":80,"nodePort":30080}]}""", "{}",
        """["svc","NodePort","10.96.0.11","<none>","80:30080/TCP","5m","<none>"]""")]
    [InlineData("""{"type":"LoadBalancer","clusterIP":"10.96.0.12","ports":[{"port":443,"protocol":"TCP"}]}""", "{}",
        """["svc","LoadBalancer","10.96.0.12","<pending>","443/TCP","5m","<none>"]""")]
    [InlineData("""{"type":"LoadBalancer","clusterIP":"10.96.0.12","ports":[{"port":443,"protocol":"TCP"}]}""",
        """{"loadBalancer":{"ingress":[{"ip":"203.0.113.9"},{"hostname":"lb.example.com"}]}}""",
        """["svc","LoadBalancer","10.96.0.12","203.0.113.9,lb.example.com","443/TCP","5m","<none>"]""")]
    [InlineData("""{"type":"ExternalName","externalName":"db.example.com"}""", "{}",
        """["svc","ExternalName","<none>","db.example.com","<none>","5m","<none>"]""")]
    [InlineData("""{"clusterIP":"None","ports":[{"port":8080,"protocol":"TCP"}],"selector":{"tier":"db","app":"pg"}}""", "{}",
        """["svc","ClusterIP","None","<none>","8080/TCP","5m","app=pg,tier=db"]""")]
    public void A_service(string spec, string status, string expected)
    {
        var service = TestCrds.Parse($$"""{ "metadata": { "name": "svc", "creationTimestamp": "{{FiveMinutesAgo}}" } }""");
        service["spec"] = JsonNode.Parse(spec);
        service["status"] = JsonNode.Parse(status);

        var cells = TableBuilder.ForObject(BuiltInTypes.Services, service, new TableOptions { Now = Now })["rows"]![0]!["cells"]!;

        Assert.Equal(expected, TestJson.Compact(cells));
    }

    [Theory]
    [InlineData("""{"ingressClassName":"nginx","rules":[{"host":"shop.example.com"}],"tls":[{"hosts":["shop.example.com"]}]}""",
        """{"loadBalancer":{"ingress":[{"ip":"198.51.100.4"}]}}""",
        """["shop","nginx","shop.example.com","198.51.100.4","80, 443","5m"]""")]
    [InlineData("""{"rules":[{"http":{}}]}""", "{}", """["shop","<none>","*","","80","5m"]""")]
    [InlineData("""{"rules":[{"host":"a"},{"host":"b"},{"host":"c"},{"host":"d"},{"host":"e"}]}""", "{}",
        """["shop","<none>","a,b,c + 2 more...","","80","5m"]""")]
    public void An_ingress(string spec, string status, string expected)
    {
        var ingress = TestCrds.Parse($$"""{ "metadata": { "name": "shop", "creationTimestamp": "{{FiveMinutesAgo}}" } }""");
        ingress["spec"] = JsonNode.Parse(spec);
        ingress["status"] = JsonNode.Parse(status);

        var cells = TableBuilder.ForObject(BuiltInTypes.Ingresses, ingress, new TableOptions { Now = Now })["rows"]![0]!["cells"]!;

        Assert.Equal(expected, TestJson.Compact(cells));
    }

    [Fact]
    public void An_ingress_class()
    {
        var cells = Cells(BuiltInTypes.IngressClasses, $$"""
            { "metadata": { "name": "nginx", "creationTimestamp": "{{FiveMinutesAgo}}" },
              "spec": { "controller": "k8s.io/ingress-nginx",
                        "parameters": { "apiGroup": "k8s.example.com", "kind": "IngressParameters", "name": "external-lb" } } }
            """);

        Assert.Equal("""["nginx","k8s.io/ingress-nginx","IngressParameters.k8s.example.com/external-lb","5m"]""", cells);
    }

    [Fact]
    public void A_namespace_configmap_secret_service_account_and_lease()
    {
        var meta = $$"""{ "name": "x", "creationTimestamp": "{{FiveMinutesAgo}}" }""";

        Assert.Equal("""["x","Active","5m"]""", Cells(BuiltInTypes.Namespaces, $$"""{ "metadata": {{meta}}, "status": { "phase": "Active" } }"""));
        Assert.Equal("""["x",3,"5m"]""", Cells(BuiltInTypes.ConfigMaps, $$"""{ "metadata": {{meta}}, "data": { "a": "1", "b": "2" }, "binaryData": { "c": "AA==" } }"""));
        Assert.Equal("""["x",0,"5m"]""", Cells(BuiltInTypes.ConfigMaps, $$"""{ "metadata": {{meta}} }"""));
        Assert.Equal("""["x","kubernetes.io/tls",2,"5m"]""", Cells(BuiltInTypes.Secrets, $$"""{ "metadata": {{meta}}, "type": "kubernetes.io/tls", "data": { "tls.crt": "", "tls.key": "" } }"""));
        Assert.Equal("""["x","Opaque",1,"5m"]""", Cells(BuiltInTypes.Secrets, $$"""{ "metadata": {{meta}}, "data": { "password": "cw==" } }"""));
        Assert.Equal("""["x",1,"5m"]""", Cells(BuiltInTypes.ServiceAccounts, $$"""{ "metadata": {{meta}}, "secrets": [ { "name": "x-token" } ] }"""));
        Assert.Equal("""["x","rollouts-operator-5c9f","5m"]""", Cells(BuiltInTypes.Leases, $$"""{ "metadata": {{meta}}, "spec": { "holderIdentity": "rollouts-operator-5c9f" } }"""));
        Assert.Equal("""["x","","5m"]""", Cells(BuiltInTypes.Leases, $$"""{ "metadata": {{meta}}, "spec": {} }"""));
    }

    [Fact]
    public void Endpoints_list_three_addresses_then_how_many_more()
    {
        var cells = Cells(BuiltInTypes.Endpoints, $$"""
            { "metadata": { "name": "web", "creationTimestamp": "{{FiveMinutesAgo}}" },
              "subsets": [ { "addresses": [ { "ip": "10.0.0.1" }, { "ip": "10.0.0.2" } ], "ports": [ { "port": 8080 }, { "port": 9090 } ] } ] }
            """);

        Assert.Equal("""["web","10.0.0.1:8080,10.0.0.2:8080,10.0.0.1:9090 + 1 more...","5m"]""", cells);
    }

    [Fact]
    public void A_custom_resource_definition_shows_when_it_was_created()
    {
        var cells = Cells(BuiltInTypes.CustomResourceDefinitions, """
            { "metadata": { "name": "rollouts.rollouts.dev", "creationTimestamp": "2025-02-01T08:30:00Z" } }
            """);

        Assert.Equal("""["rollouts.rollouts.dev","2025-02-01T08:30:00Z"]""", cells);
    }

    [Fact]
    public void A_core_event()
    {
        var cells = Cells(BuiltInTypes.CoreEvents, """
            {
              "metadata": { "name": "web.1829f", "creationTimestamp": "2025-03-01T11:50:00Z" },
              "involvedObject": { "kind": "Rollout", "name": "web", "fieldPath": "spec.strategy" },
              "reason": "StepCompleted", "message": "  Step 2 of 5 completed \n", "type": "Normal",
              "source": { "component": "rollouts-operator" },
              "firstTimestamp": "2025-03-01T11:50:00Z", "lastTimestamp": "2025-03-01T11:58:00Z", "count": 3
            }
            """);

        Assert.Equal(
            """["2m","Normal","StepCompleted","rollout/web","spec.strategy","rollouts-operator","Step 2 of 5 completed","10m",3,"web.1829f"]""",
            cells);
    }

    [Fact]
    public void An_events_k8s_io_event_with_only_the_new_fields()
    {
        var cells = Cells(BuiltInTypes.Events, """
            {
              "metadata": { "name": "web.18a0c", "creationTimestamp": "2025-03-01T11:59:00Z" },
              "eventTime": "2025-03-01T11:59:00.000000Z",
              "regarding": { "kind": "Deployment", "name": "web" },
              "note": "Scaled up replica set web-7d4b9c to 3", "reason": "ScalingReplicaSet", "type": "Normal",
              "reportingController": "deployment-controller", "reportingInstance": "controller-0", "action": "Scale"
            }
            """);

        Assert.Equal(
            """["60s","Normal","ScalingReplicaSet","deployment/web","","deployment-controller, controller-0","Scaled up replica set web-7d4b9c to 3","60s",1,"web.18a0c"]""",
            cells);
    }
}
