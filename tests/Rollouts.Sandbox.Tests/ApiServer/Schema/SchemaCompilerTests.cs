using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Schema;
using static Rollouts.Sandbox.Tests.ApiServer.Schema.SchemaKit;

namespace Rollouts.Sandbox.Tests.ApiServer.Schema;

/// <summary>
/// Schemas the real server refuses when a CRD is written, each with the cause it names, at its path
/// in the CRD (<c>spec.versions[0].schema.openAPIV3Schema...</c>).
/// </summary>
public sealed class SchemaCompilerTests
{
    private const string At = CrdPath;

    public static TheoryData<string, string[]> Refused => new()
    {
        { """{"type": "string"}""", [$"FieldValueInvalid {At}.type: Invalid value: \"string\": must be object at the root"] },
        { """{"properties": {"spec": {"type": "object"}}}""", [$"FieldValueRequired {At}.type: Required value: must not be empty at the root"] },
        { """{"type": "object", "properties": {"spec": {"properties": {}}}}""",
            [$"FieldValueRequired {At}.properties[spec].type: Required value: must not be empty for specified object fields"] },
        { """{"type": "object", "properties": {"steps": {"type": "array"}}}""",
            [$"FieldValueRequired {At}.properties[steps].items: Required value: must be specified"] },
        { """{"type": "object", "properties": {"steps": {"type": "array", "items": {}}}}""",
            [$"FieldValueRequired {At}.properties[steps].items.type: Required value: must not be empty for specified array items"] },
        { """{"type": "object", "properties": {"n": {"type": "int"}}}""",
            [$"FieldValueNotSupported {At}.properties[n].type: Unsupported value: \"int\": supported values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\""] },
        { """{"type": "object", "properties": {"m": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "string"}}}}""",
            [$"FieldValueForbidden {At}.properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive"] },
        { """{"type": "object", "additionalProperties": {"type": "string"}}""",
            [$"FieldValueForbidden {At}.additionalProperties: Forbidden: must not be used at the root"] },
        { """{"type": "object", "properties": {"a": {"$ref": "#/definitions/a"}}}""", [
            $"FieldValueForbidden {At}.properties[a].$ref: Forbidden: $ref is not supported",
            $"FieldValueRequired {At}.properties[a].type: Required value: must not be empty for specified object fields"] },
        { """{"type": "object", "properties": {"hosts": {"type": "array", "uniqueItems": true, "items": {"type": "string"}}}}""",
            [$"FieldValueForbidden {At}.properties[hosts].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic"] },
        { """{"type": "object", "properties": {"n": {"type": "integer", "allOf": [{"type": "integer", "default": 1}]}}}""", [
            $"FieldValueForbidden {At}.properties[n].allOf[0].default: Forbidden: must be undefined to be structural",
            $"FieldValueForbidden {At}.properties[n].allOf[0].type: Forbidden: must be empty to be structural"] },
        { """{"type": "object", "properties": {"a": {"type": "object", "x-kubernetes-preserve-unknown-fields": false}}}""",
            [$"FieldValueInvalid {At}.properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined"] },
        { """{"type": "object", "properties": {"t": {"type": "string", "x-kubernetes-embedded-resource": true}}}""", [
            $"FieldValueRequired {At}.properties[t].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
            $"FieldValueInvalid {At}.properties[t].type: Invalid value: \"string\": must be object if x-kubernetes-embedded-resource is true"] },
        { """{"type": "object", "properties": {"ports": {"type": "array", "x-kubernetes-list-type": "map", "items": {"type": "object", "properties": {"port": {"type": "integer"}}}}}}""",
            [$"FieldValueRequired {At}.properties[ports].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map"] },
        { """{"type": "object", "properties": {"metadata": {"type": "object", "properties": {"labels": {"type": "object"}}}}}""",
            [$"FieldValueForbidden {At}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified"] },
        // Defaults must be values the schema would store as they are.
        { """{"type": "object", "properties": {"replicas": {"type": "integer", "minimum": 1, "default": 0}}}""",
            [$"FieldValueInvalid {At}.properties[replicas].default: Invalid value: 0:  in body should be greater than or equal to 1"] },
        { """{"type": "object", "properties": {"pause": {"type": "object", "default": {"durtion": 5}, "properties": {"duration": {"type": "integer"}}}}}""",
            [$"FieldValueInvalid {At}.properties[pause].default: Invalid value: map[string]interface {{}}{{\"durtion\":5}}: must not have unknown fields"] },
        { """{"type": "object", "properties": {"pause": {"type": "object", "default": {"duration": "5m"}, "properties": {"duration": {"type": "integer"}}}}}""",
            [$"FieldValueTypeInvalid {At}.properties[pause].default.duration: Invalid value: \"string\": duration in body must be of type integer: \"string\""] },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_schema_the_server_refuses_names_each_problem_at_its_CRD_path(string schemaJson, string[] expected)
    {
        var compiled = StructuralSchema.TryCompile(Element(schemaJson), At, out var schema, out var errors);

        Assert.False(compiled);
        Assert.Null(schema);
        Assert.Equal(expected, Describe(errors));
    }

    [Fact]
    public void A_refused_schema_is_a_422_about_the_CRD_listing_every_cause()
    {
        var error = Assert.Throws<ApiError>(() => StructuralSchema.Compile(
            Element("""{"type": "object", "properties": {"a": {}, "b": {"type": "array"}}}"""), At, "rollouts.rollouts.dev"));

        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal("CustomResourceDefinition", error.Kind);
        Assert.Equal("apiextensions.k8s.io", error.Group);
        Assert.Equal(
            "CustomResourceDefinition.apiextensions.k8s.io \"rollouts.rollouts.dev\" is invalid: [" +
            $"{At}.properties[a].type: Required value: must not be empty for specified object fields, " +
            $"{At}.properties[b].items: Required value: must be specified]",
            error.Message);
        Assert.Equal(2, error.Causes.Length);
    }

    [Fact]
    public void A_pattern_that_is_not_a_regular_expression_is_refused()
    {
        StructuralSchema.TryCompile(Element("""{"type": "object", "properties": {"s": {"type": "string", "pattern": "(a"}}}"""), At, out _, out var errors);

        var cause = Assert.Single(errors);
        Assert.Equal($"{At}.properties[s].pattern", cause.Field);
        Assert.StartsWith("Invalid value: \"(a\": must be a valid regular expression, but isn't: ", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_structural_schema_keeps_its_source_and_exposes_its_tree()
    {
        var schema = Spec("""{"type": "object", "properties": {"replicas": {"type": "integer", "default": 1}}}""");

        var replicas = schema.Root.Property("spec")?.Property("replicas");
        Assert.Equal("integer", replicas?.Type);
        Assert.Equal(1, replicas?.Default?.GetInt32());
        Assert.True(schema.Source.TryGetProperty("properties", out _));
    }

    [Fact]
    public void Without_a_path_problems_are_named_from_the_schema_itself()
    {
        var error = Assert.Throws<ApiError>(() => StructuralSchema.Compile(Element("""{"type": "array", "items": {"type": "string"}}""")));

        Assert.Equal("type", Assert.Single(error.Causes).Field);
    }
}
