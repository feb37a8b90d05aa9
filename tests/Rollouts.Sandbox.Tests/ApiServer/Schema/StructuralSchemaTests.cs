using static Rollouts.Sandbox.Tests.ApiServer.Schema.SchemaKit;

namespace Rollouts.Sandbox.Tests.ApiServer.Schema;

/// <summary>
/// Validation of whole resources: paths through nested arrays and maps, what the schema may say about
/// the server's own fields, embedded resources, and list types.
/// </summary>
public sealed class StructuralSchemaTests
{
    private const string Steps = """
        {"type": "object", "properties": {"steps": {"type": "array", "items": {"type": "object", "properties": {
            "setWeight": {"type": "integer", "minimum": 0, "maximum": 100},
            "pause": {"type": "object", "required": ["duration"], "properties": {"duration": {"x-kubernetes-int-or-string": true}}}
        }}}}}
        """;

    public static TheoryData<string, string, string[]> Cases => new()
    {
        // Paths name array items by index, all the way down.
        { Steps, """{"steps": [{"setWeight": 20}, {"pause": {}}, {"setWeight": 120}]}""", [
            "FieldValueRequired spec.steps[1].pause.duration: Required value",
            "FieldValueInvalid spec.steps[2].setWeight: Invalid value: 120: spec.steps[2].setWeight in body should be less than or equal to 100"] },
        { Steps, """{"steps": [{"pause": {"duration": true}}]}""", [
            "FieldValueTypeInvalid spec.steps[0].pause.duration: Invalid value: \"boolean\": spec.steps[0].pause.duration in body must be of type integer,string: \"boolean\""] },
        // Map values are named by key.
        { """{"type": "object", "properties": {"weights": {"type": "object", "additionalProperties": {"type": "integer", "maximum": 100}}}}""",
            """{"weights": {"canary": 101}}""", [
            "FieldValueInvalid spec.weights.canary: Invalid value: 101: spec.weights.canary in body should be less than or equal to 100"] },
        // Embedded resources need an apiVersion and a kind, with map keys in brackets.
        { """{"type": "object", "properties": {"template": {"type": "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true}}}""",
            """{"template": {"metadata": {"labels": {"app": "web"}}}}""", [
            "FieldValueRequired spec.template.apiVersion: Required value",
            "FieldValueRequired spec.template.kind: Required value"] },
        { """{"type": "object", "properties": {"objects": {"type": "object", "additionalProperties": {"type": "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true}}}}""",
            """{"objects": {"first": {"apiVersion": "a/b/c", "kind": "Config_Map"}}}""", [
            "FieldValueInvalid spec.objects[first].apiVersion: Invalid value: \"a/b/c\": unexpected GroupVersion string: a/b/c",
            "FieldValueInvalid spec.objects[first].kind: Invalid value: \"Config_Map\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"] },
        { """{"type": "object", "properties": {"template": {"type": "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true}}}""",
            """{"template": {"apiVersion": "v1", "kind": "Pod", "spec": {"anything": true}}}""", [] },
        // A set holds no value twice; the second occurrence is reported.
        { """{"type": "object", "properties": {"hosts": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}}}}""",
            """{"hosts": ["a", "b", "a", "a"]}""", [
            "FieldValueDuplicate spec.hosts[2]: Duplicate value: \"a\""] },
        // A map list holds no two items with the same keys.
        { """{"type": "object", "properties": {"ports": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["port"], "items": {"type": "object", "required": ["port"], "properties": {"port": {"type": "integer"}, "name": {"type": "string"}}}}}}""",
            """{"ports": [{"port": 80, "name": "http"}, {"port": 443}, {"port": 80, "name": "web"}]}""", [
            "FieldValueDuplicate spec.ports[2]: Duplicate value: map[string]interface {}{\"port\":80}"] },
        { """{"type": "object", "properties": {"routes": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["host", "path"], "items": {"type": "object", "required": ["host", "path"], "properties": {"host": {"type": "string"}, "path": {"type": "string"}}}}}}""",
            """{"routes": [{"host": "a", "path": "/"}, {"host": "a", "path": "/x"}, {"host": "a", "path": "/"}]}""", [
            "FieldValueDuplicate spec.routes[2]: Duplicate value: map[string]interface {}{\"host\":\"a\", \"path\":\"/\"}"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_spec_is_checked_through_arrays_maps_and_embedded_resources(string specSchema, string spec, string[] expected)
    {
        var schema = Spec(specSchema);

        var causes = schema.Validate(Json($$"""{"apiVersion": "rollouts.dev/v1alpha1", "kind": "Rollout", "metadata": {"name": "web"}, "spec": {{spec}} }"""));

        Assert.Equal(expected, Describe(causes));
    }

    [Fact]
    public void The_servers_own_fields_are_not_checked_against_the_schema()
    {
        var schema = Compile("""
            {"type": "object", "required": ["apiVersion", "kind", "metadata", "spec"], "properties": {
                "apiVersion": {"type": "string", "enum": ["rollouts.dev/v1"]},
                "kind": {"type": "string"},
                "metadata": {"type": "object"},
                "spec": {"type": "object"}}}
            """);

        var causes = schema.Validate(Json("""{"apiVersion": "rollouts.dev/v1alpha1", "metadata": {"labels": {"a": "b"}}}"""));

        Assert.Equal(["FieldValueRequired spec: Required value"], Describe(causes));
    }

    [Fact]
    public void A_schema_may_restrict_the_name_of_its_resources()
    {
        var schema = Compile("""
            {"type": "object", "properties": {"metadata": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 10}}}}}
            """);

        var causes = schema.Validate(Json("""{"metadata": {"name": "a-name-far-too-long"}}"""));

        Assert.Equal(["FieldValueTooLong metadata.name: Too long: may not be more than 10 bytes"], Describe(causes));
    }

    [Fact]
    public void One_compiled_schema_validates_from_many_threads_at_once()
    {
        var schema = Spec(Steps);

        var results = Enumerable.Range(0, 64).AsParallel().Select(i =>
            Describe(schema.Validate(Json($$"""{"spec": {"steps": [{"setWeight": {{100 + i % 2}} }] } }""")))).ToList();

        Assert.All(results.Where((_, i) => i % 2 == 0), causes => Assert.Empty(causes));
        Assert.All(results.Where((_, i) => i % 2 == 1), causes => Assert.Single(causes));
    }
}
