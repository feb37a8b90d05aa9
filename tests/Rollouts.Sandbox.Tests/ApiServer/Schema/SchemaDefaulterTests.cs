using static Rollouts.Sandbox.Tests.ApiServer.Schema.SchemaKit;

namespace Rollouts.Sandbox.Tests.ApiServer.Schema;

/// <summary>
/// Defaults, as the real server applies them to a spec: given this schema and this spec, the stored
/// spec is that.
/// </summary>
public sealed class SchemaDefaulterTests
{
    private const string Strategy = """
        {"type": "object", "properties": {
            "replicas": {"type": "integer", "default": 1},
            "paused": {"type": "boolean", "nullable": true, "default": false},
            "maxSurge": {"x-kubernetes-int-or-string": true, "default": "25%"},
            "analysis": {"type": "object", "properties": {"interval": {"type": "string"}}},
            "canary": {"type": "object", "default": {}, "properties": {
                "stableService": {"type": "string", "default": "stable"},
                "steps": {"type": "array", "items": {"type": "object", "properties": {
                    "pause": {"type": "object", "properties": {"duration": {"x-kubernetes-int-or-string": true, "default": "1m"}}}
                }}}
            }}
        }}
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        // Absent fields get their default; objects a default creates get theirs in turn.
        { Strategy, "{}", """{"replicas": 1, "paused": false, "maxSurge": "25%", "canary": {"stableService": "stable"}}""" },
        // Values given stay as they are.
        { Strategy, """{"replicas": 3, "maxSurge": 2, "canary": {"stableService": "web-stable"}}""",
            """{"replicas": 3, "paused": false, "maxSurge": 2, "canary": {"stableService": "web-stable"}}""" },
        // Null takes the default unless the field is nullable; an object without defaults is left alone.
        { Strategy, """{"replicas": null, "paused": null, "analysis": {}}""",
            """{"replicas": 1, "paused": null, "maxSurge": "25%", "analysis": {}, "canary": {"stableService": "stable"}}""" },
        // Defaults reach into every item of an array.
        { Strategy, """{"canary": {"steps": [{"pause": {}}, {"pause": {"duration": 30}}, {}]}}""",
            """{"replicas": 1, "paused": false, "maxSurge": "25%", "canary": {"stableService": "stable", "steps": [{"pause": {"duration": "1m"}}, {"pause": {"duration": 30}}, {}]}}""" },
        // ...and into every value of a map.
        { """{"type": "object", "properties": {"limits": {"type": "object", "additionalProperties": {"type": "object", "properties": {"max": {"type": "integer", "default": 10}}}}}}""",
            """{"limits": {"cpu": {}, "memory": {"max": 4}}}""", """{"limits": {"cpu": {"max": 10}, "memory": {"max": 4}}}""" },
        // A null item or map value that may not be null takes the item's default.
        { """{"type": "object", "properties": {"weights": {"type": "array", "items": {"type": "integer", "default": 0}}}}""",
            """{"weights": [5, null]}""", """{"weights": [5, 0]}""" },
        // A null that may not be null and has no default is dropped, as the server drops it.
        { """{"type": "object", "properties": {"note": {"type": "string"}, "keep": {"type": "string", "nullable": true}}}""",
            """{"note": null, "keep": null}""", """{"keep": null}""" },
        // Under preserve-unknown-fields, declared fields still get their defaults; unknown ones are left alone.
        { """{"type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": {"replicas": {"type": "integer", "default": 1}}}""",
            """{"extra": {"a": null}}""", """{"extra": {"a": null}, "replicas": 1}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Defaults_fill_the_spec_where_values_are_absent(string specSchema, string spec, string expectedSpec)
    {
        var schema = Spec(specSchema);
        var resource = Json($$"""{"apiVersion": "rollouts.dev/v1alpha1", "kind": "Rollout", "metadata": {"name": "web"}, "spec": {{spec}} }""");

        schema.ApplyDefaults(resource);

        AssertJsonEqual(expectedSpec, resource["spec"]!);
    }

    [Fact]
    public void The_servers_own_fields_get_no_defaults()
    {
        var schema = Compile("""
            {"type": "object", "properties": {
                "metadata": {"type": "object"},
                "spec": {"type": "object", "default": {}, "properties": {"replicas": {"type": "integer", "default": 1}}}}}
            """);
        var resource = Json("""{"apiVersion": "rollouts.dev/v1alpha1", "kind": "Rollout", "metadata": {"name": "web", "labels": null}}""");

        schema.ApplyDefaults(resource);

        AssertJsonEqual("""{"apiVersion": "rollouts.dev/v1alpha1", "kind": "Rollout", "metadata": {"name": "web", "labels": null}, "spec": {"replicas": 1}}""", resource);
    }

    [Fact]
    public void Each_resource_gets_its_own_copy_of_a_default()
    {
        var schema = Spec("""{"type": "object", "properties": {"selector": {"type": "object", "default": {"app": "web"}, "x-kubernetes-preserve-unknown-fields": true}}}""");
        var first = Json("""{"spec": {}}""");
        var second = Json("""{"spec": {}}""");

        schema.ApplyDefaults(first);
        schema.ApplyDefaults(second);
        first["spec"]!["selector"]!["app"] = "changed";

        AssertJsonEqual("""{"app": "web"}""", second["spec"]!["selector"]!);
    }
}
