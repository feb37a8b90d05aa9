using static Rollouts.Sandbox.Tests.ApiServer.Schema.SchemaKit;

namespace Rollouts.Sandbox.Tests.ApiServer.Schema;

/// <summary>
/// Pruning, as the real server does it when it decodes a custom resource: given this schema and this
/// object, what is stored and which fields were dropped (what fieldValidation reports).
/// </summary>
public sealed class SchemaPrunerTests
{
    private const string Rollout = """
        {"type": "object", "properties": {
            "spec": {"type": "object", "properties": {
                "replicas": {"type": "integer"},
                "steps": {"type": "array", "items": {"type": "object", "properties": {"setWeight": {"type": "integer"}}}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "limits": {"type": "object", "additionalProperties": {"type": "object", "properties": {"max": {"type": "integer"}}}},
                "config": {"type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": {
                    "known": {"type": "object", "properties": {"a": {"type": "string"}}}}},
                "template": {"type": "object", "x-kubernetes-embedded-resource": true, "properties": {
                    "spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}
            }},
            "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
        }}
        """;

    public static TheoryData<string, string, string[]> Cases => new()
    {
        // Nothing unknown, nothing pruned.
        { """{"spec": {"replicas": 1}}""", """{"spec": {"replicas": 1}}""", [] },
        // Unknown fields go, wherever they are, and are reported in order.
        { """{"spec": {"replicas": 1, "replica": 2, "zeta": true}, "extra": 1}""", """{"spec": {"replicas": 1}}""", ["extra", "spec.replica", "spec.zeta"] },
        { """{"spec": {"steps": [{"setWeight": 10}, {"setWieght": 20, "setWeight": 30}]}}""", """{"spec": {"steps": [{"setWeight": 10}, {"setWeight": 30}]}}""", ["spec.steps[1].setWieght"] },
        // Map keys are data, not fields; inside map values, fields are pruned by the value schema.
        { """{"spec": {"labels": {"anything": "goes"}, "limits": {"cpu": {"max": 1, "min": 0}}}}""",
            """{"spec": {"labels": {"anything": "goes"}, "limits": {"cpu": {"max": 1}}}}""", ["spec.limits.cpu.min"] },
        // Preserve-unknown-fields keeps unknown fields, but declared fields are still pruned inside.
        { """{"spec": {"config": {"free": {"form": true}, "known": {"a": "x", "b": "y"}}}, "status": {"anything": [1, 2]}}""",
            """{"spec": {"config": {"free": {"form": true}, "known": {"a": "x"}}}, "status": {"anything": [1, 2]}}""", ["spec.config.known.b"] },
        // An embedded resource keeps apiVersion, kind and metadata as they are.
        { """{"spec": {"template": {"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"app": "web"}, "whatever": 1}, "spec": {"containers": []}, "extra": 1}}}""",
            """{"spec": {"template": {"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"app": "web"}, "whatever": 1}, "spec": {"containers": []}}}}""", ["spec.template.extra"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Unknown_fields_are_dropped_and_reported(string body, string expectedBody, string[] expectedPruned)
    {
        var schema = Compile(Rollout);
        var resource = Json(body);
        var expected = Json(expectedBody);
        foreach (var meta in new[] { "apiVersion", "kind", "metadata" })
        {
            resource[meta] = Json(MetaValue(meta));
            expected[meta] = Json(MetaValue(meta));
        }

        var pruned = schema.Prune(resource);

        Assert.Equal(expectedPruned, pruned);
        AssertJsonEqual(expected.ToJsonString(), resource);
    }

    private static string MetaValue(string field) => field == "metadata"
        ? """{"name": "web", "labels": {"app": "web"}, "annotations": {"note": "kept"}}"""
        : field == "kind" ? "\"Rollout\"" : "\"rollouts.dev/v1alpha1\"";
}
