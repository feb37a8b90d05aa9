using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Selectors;

namespace Rollouts.Sandbox.Tests.ApiServer.Selectors;

public class FieldSelectorTests
{
    private static readonly JsonNode Pod = JsonNode.Parse("""
        {"kind":"Pod","metadata":{"name":"web-1","namespace":"prod"},
         "spec":{"nodeName":"node-a","restartPolicy":"Always","schedulerName":"default-scheduler","serviceAccountName":"web"},
         "status":{"phase":"Running","podIP":"10.0.0.7"}}
        """)!;

    /// <summary>Pod fields and every operator: selector, whether the pod above matches.</summary>
    [Theory]
    [InlineData("metadata.name=web-1", true)]
    [InlineData("metadata.name==web-1", true)]
    [InlineData("metadata.name!=web-1", false)]
    [InlineData("metadata.name=web-2", false)]
    [InlineData("metadata.namespace=prod", true)]
    [InlineData("metadata.namespace!=prod", false)]
    [InlineData("spec.nodeName=node-a", true)]
    [InlineData("spec.host=node-a", true)]
    [InlineData("spec.restartPolicy=Always", true)]
    [InlineData("spec.schedulerName=default-scheduler", true)]
    [InlineData("spec.serviceAccountName=web", true)]
    [InlineData("spec.hostNetwork=false", true)]
    [InlineData("spec.hostNetwork=true", false)]
    [InlineData("status.phase=Running", true)]
    [InlineData("status.phase!=Pending", true)]
    [InlineData("status.podIP=10.0.0.7", true)]
    [InlineData("status.nominatedNodeName=", true)]
    [InlineData("status.phase=Running,spec.nodeName=node-a", true)]
    [InlineData("status.phase=Running,spec.nodeName=node-b", false)]
    [InlineData("status.phase=Running,", true)]
    [InlineData("", true)]
    public void Matches_pods_by_their_selectable_fields(string selector, bool matches)
    {
        Assert.Equal(matches, FieldSelector.Parse(selector, "Pod").Matches(Pod));
    }

    /// <summary>The fields other built-in kinds allow: kind, object, selector, whether it matches.</summary>
    [Theory]
    [InlineData("Event", """{"involvedObject":{"kind":"Rollout","name":"web","namespace":"prod","uid":"u1","apiVersion":"rollouts.dev/v1alpha1","resourceVersion":"7","fieldPath":"spec"}}""",
        "involvedObject.kind=Rollout,involvedObject.name=web,involvedObject.namespace=prod,involvedObject.uid=u1,involvedObject.apiVersion=rollouts.dev/v1alpha1,involvedObject.resourceVersion=7,involvedObject.fieldPath=spec", true)]
    [InlineData("Event", """{"reason":"Promoted","type":"Normal","reportingComponent":"rollouts","source":{"component":"rollouts-controller"}}""",
        "reason=Promoted,type=Normal,reportingComponent=rollouts,source=rollouts-controller", true)]
    [InlineData("Event", """{"type":"Warning"}""", "type=Normal", false)]
    [InlineData("Secret", """{"type":"kubernetes.io/tls"}""", "type=kubernetes.io/tls", true)]
    [InlineData("Secret", """{"type":"Opaque"}""", "type!=Opaque", false)]
    [InlineData("Namespace", """{"metadata":{"name":"prod"},"status":{"phase":"Terminating"}}""", "status.phase=Terminating,metadata.name=prod", true)]
    [InlineData("ReplicaSet", """{"status":{"replicas":0}}""", "status.replicas=0", true)]
    [InlineData("ReplicaSet", """{"status":{}}""", "status.replicas!=0", false)]
    [InlineData("ReplicaSet", """{"status":{"replicas":3}}""", "status.replicas!=0", true)]
    [InlineData("Node", """{"spec":{"unschedulable":true}}""", "spec.unschedulable=true", true)]
    [InlineData("Node", """{"spec":{}}""", "spec.unschedulable=false", true)]
    [InlineData("Service", """{"spec":{"type":"ClusterIP","clusterIP":"10.96.0.1"}}""", "spec.type=ClusterIP,spec.clusterIP=10.96.0.1", true)]
    [InlineData("Job", """{"status":{"succeeded":1,"successful":1}}""", "status.successful=1", true)]
    [InlineData("ConfigMap", """{"metadata":{"name":"c","namespace":"prod"}}""", "metadata.name=c,metadata.namespace=prod", true)]
    [InlineData("Deployment", """{"metadata":{"name":"web"}}""", "metadata.name!=web", false)]
    public void Matches_the_fields_each_kind_allows(string kind, string obj, string selector, bool matches)
    {
        Assert.Equal(matches, FieldSelector.Parse(selector, kind).Matches(JsonNode.Parse(obj)));
    }

    [Fact]
    public void Custom_resources_allow_name_and_the_namespace_when_namespaced()
    {
        var rollout = JsonNode.Parse("""{"metadata":{"name":"web","namespace":"prod"}}""");

        Assert.True(FieldSelector.Parse("metadata.name=web,metadata.namespace=prod", "Rollout", builtIn: false).Matches(rollout));
        var error = Assert.Throws<ApiError>(() => FieldSelector.Parse("metadata.namespace=prod", "ClusterThing", builtIn: false, namespaced: false));
        Assert.Equal("field label not supported: metadata.namespace", error.Message);
    }

    [Fact]
    public void Values_may_escape_commas_equals_and_backslashes()
    {
        var obj = JsonNode.Parse("""{"metadata":{"name":"a,b=c\\d"}}""");

        var selector = FieldSelector.Parse(@"metadata.name=a\,b\=c\\d", "ConfigMap");

        Assert.True(selector.Matches(obj));
        Assert.Equal(@"metadata.name=a\,b\=c\\d", selector.ToString());
    }

    /// <summary>Unsupported fields and bad syntax: 400 BadRequest with the real server's message.</summary>
    [Theory]
    [InlineData("spec.replicas=1", "Pod", "field label not supported: spec.replicas")]
    [InlineData("metadata.namespace=x", "Node", "field label not supported: metadata.namespace")]
    [InlineData("metadata.namespace=x", "Namespace", "field label not supported: metadata.namespace")]
    [InlineData("spec.podCIDR=x", "Node", "field label not supported: spec.podCIDR")]
    [InlineData("involvedObject.foo=x", "Event", "field label not supported: involvedObject.foo")]
    [InlineData("spec.replicas=1", "Deployment", "\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")]
    [InlineData("data.key=x", "ConfigMap", "\"data.key\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")]
    [InlineData("metadata.name", "Pod", "invalid selector: 'metadata.name'; can't understand 'metadata.name'")]
    [InlineData("status.phase=Running,metadata.name", "Pod", "invalid selector: 'status.phase=Running,metadata.name'; can't understand 'metadata.name'")]
    [InlineData("metadata.name=a=b", "Pod", "invalid field selector: unescaped character in value: 61")]
    [InlineData(@"metadata.name=a\b", "Pod", @"invalid field selector: invalid escape sequence: \b")]
    [InlineData(@"metadata.name=a\", "Pod", @"invalid field selector: invalid escape sequence: \")]
    public void Refuses_unsupported_fields_and_bad_syntax_with_400(string selector, string kind, string message)
    {
        var error = Assert.Throws<ApiError>(() => FieldSelector.Parse(selector, kind));

        Assert.Equal(400, error.Code);
        Assert.Equal("BadRequest", error.Reason);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_resources_refuse_other_fields_as_not_supported()
    {
        var error = Assert.Throws<ApiError>(() => FieldSelector.Parse("spec.strategy=canary", "Rollout", builtIn: false));

        Assert.Equal("field label not supported: spec.strategy", error.Message);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("metadata.name=a", false)]
    public void Is_empty_without_requirements(string? selector, bool empty)
    {
        Assert.Equal(empty, FieldSelector.Parse(selector, "Pod").IsEmpty);
    }
}
