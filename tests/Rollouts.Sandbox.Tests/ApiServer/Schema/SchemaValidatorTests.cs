using static Rollouts.Sandbox.Tests.ApiServer.Schema.SchemaKit;

namespace Rollouts.Sandbox.Tests.ApiServer.Schema;

/// <summary>
/// Each schema keyword, with a value it accepts and values it refuses, checked against the causes the
/// real server answers with for <c>spec.x</c>: reason, field and message, word for word.
/// </summary>
public sealed class SchemaValidatorTests
{
    public static TheoryData<string, string, string[]> Types => new()
    {
        { """{"type": "integer"}""", "3", [] },
        { """{"type": "integer"}""", "3.0", [] },
        { """{"type": "integer"}""", "3.5", [TypeError("spec.x", "integer", "number")] },
        { """{"type": "integer"}""", "\"3\"", [TypeError("spec.x", "integer", "string")] },
        { """{"type": "integer"}""", "true", [TypeError("spec.x", "integer", "boolean")] },
        { """{"type": "integer"}""", "null", [TypeError("spec.x", "integer", "null")] },
        { """{"type": "number"}""", "3", [] },
        { """{"type": "number"}""", "0.25", [] },
        { """{"type": "number"}""", "\"0.25\"", [TypeError("spec.x", "number", "string")] },
        { """{"type": "string"}""", "\"web\"", [] },
        { """{"type": "string"}""", "5", [TypeError("spec.x", "string", "integer")] },
        { """{"type": "boolean"}""", "false", [] },
        { """{"type": "boolean"}""", "\"true\"", [TypeError("spec.x", "boolean", "string")] },
        { """{"type": "object"}""", "{}", [] },
        { """{"type": "object"}""", "[]", [TypeError("spec.x", "object", "array")] },
        { """{"type": "array", "items": {"type": "string"}}""", "[]", [] },
        { """{"type": "array", "items": {"type": "string"}}""", "{}", [TypeError("spec.x", "array", "object")] },
        { """{"type": "string", "nullable": true}""", "null", [] },
        { """{"x-kubernetes-int-or-string": true}""", "25", [] },
        { """{"x-kubernetes-int-or-string": true}""", "\"25%\"", [] },
        { """{"x-kubernetes-int-or-string": true}""", "true", [TypeError("spec.x", "integer,string", "boolean")] },
        { """{"x-kubernetes-int-or-string": true}""", "2.5", [TypeError("spec.x", "integer,string", "number")] },
        { """{"x-kubernetes-preserve-unknown-fields": true}""", "[1, {\"a\": true}]", [] },
        { """{"type": "integer", "format": "int32"}""", "7", [] },
        { """{"type": "string", "format": "date-time"}""", "\"2024-05-01T12:30:00Z\"", [] },
        { """{"type": "string", "format": "date-time"}""", "\"yesterday\"", ["FieldValueTypeInvalid spec.x: Invalid value: \"yesterday\": spec.x in body must be of type date-time: \"yesterday\""] },
        { """{"type": "string", "format": "no-such-format"}""", "\"anything\"", [] },
    };

    public static TheoryData<string, string, string[]> Numbers => new()
    {
        { """{"type": "integer", "minimum": 0}""", "0", [] },
        { """{"type": "integer", "minimum": 0}""", "-1", ["FieldValueInvalid spec.x: Invalid value: -1: spec.x in body should be greater than or equal to 0"] },
        { """{"type": "integer", "minimum": 0, "exclusiveMinimum": true}""", "0", ["FieldValueInvalid spec.x: Invalid value: 0: spec.x in body should be greater than 0"] },
        { """{"type": "integer", "maximum": 100}""", "100", [] },
        { """{"type": "integer", "maximum": 100}""", "101", ["FieldValueInvalid spec.x: Invalid value: 101: spec.x in body should be less than or equal to 100"] },
        { """{"type": "integer", "maximum": 100, "exclusiveMaximum": true}""", "100", ["FieldValueInvalid spec.x: Invalid value: 100: spec.x in body should be less than 100"] },
        { """{"type": "number", "minimum": 0.5}""", "0.25", ["FieldValueInvalid spec.x: Invalid value: 0.25: spec.x in body should be greater than or equal to 0.5"] },
        // Floats print in Go's shortest form, large ones with an exponent.
        { """{"type": "number", "maximum": 1000000}""", "2000000.5", ["FieldValueInvalid spec.x: Invalid value: 2.0000005e+06: spec.x in body should be less than or equal to 1e+06"] },
        // Integers are compared with the bound cut to an integer, as the server does.
        { """{"type": "integer", "minimum": 0.5}""", "0", [] },
        { """{"type": "integer", "multipleOf": 5}""", "15", [] },
        { """{"type": "integer", "multipleOf": 5}""", "7", ["FieldValueInvalid spec.x: Invalid value: 7: spec.x in body should be a multiple of 5"] },
        { """{"type": "number", "multipleOf": 0.5}""", "1.25", ["FieldValueInvalid spec.x: Invalid value: 1.25: spec.x in body should be a multiple of 0.5"] },
        // A wrong type does not stop the other keywords.
        { """{"type": "integer", "minimum": 5}""", "3.5", [
            TypeError("spec.x", "integer", "number"),
            "FieldValueInvalid spec.x: Invalid value: 3.5: spec.x in body should be greater than or equal to 5"] },
    };

    public static TheoryData<string, string, string[]> Strings => new()
    {
        { """{"type": "string", "minLength": 3}""", "\"abc\"", [] },
        { """{"type": "string", "minLength": 3}""", "\"ab\"", ["""FieldValueInvalid spec.x: Invalid value: "ab": spec.x in body should be at least 3 chars long"""] },
        { """{"type": "string", "maxLength": 3}""", "\"été\"", [] },
        { """{"type": "string", "maxLength": 3}""", "\"abcd\"", ["FieldValueTooLong spec.x: Too long: may not be more than 3 bytes"] },
        { """{"type": "string", "maxLength": 1}""", "\"ab\"", ["FieldValueTooLong spec.x: Too long: may not be more than 1 byte"] },
        { """{"type": "string", "pattern": "^[a-z]+$"}""", "\"web\"", [] },
        { """{"type": "string", "pattern": "^[a-z]+$"}""", "\"Web\"", ["""FieldValueInvalid spec.x: Invalid value: "Web": spec.x in body should match '^[a-z]+$'"""] },
        { """{"type": "string", "pattern": "^[a-z]+$"}""", "\"a\\\"b\\n\"", ["""FieldValueInvalid spec.x: Invalid value: "a\"b\n": spec.x in body should match '^[a-z]+$'"""] },
        // Only the first failing length or pattern check is reported.
        { """{"type": "string", "minLength": 3, "pattern": "^[a-z]+$"}""", "\"A\"", ["""FieldValueInvalid spec.x: Invalid value: "A": spec.x in body should be at least 3 chars long"""] },
        { """{"type": "string", "enum": ["Canary", "BlueGreen"]}""", "\"Canary\"", [] },
        { """{"type": "string", "enum": ["Canary", "BlueGreen"]}""", "\"canary\"", ["FieldValueNotSupported spec.x: Unsupported value: \"canary\": supported values: \"Canary\", \"BlueGreen\""] },
        { """{"type": "integer", "enum": [1, 2]}""", "2.0", [] },
        { """{"type": "integer", "enum": [1, 2]}""", "3", ["FieldValueNotSupported spec.x: Unsupported value: 3: supported values: \"1\", \"2\""] },
        // Null never matches an enum, even where null is allowed.
        { """{"type": "string", "nullable": true, "enum": ["a"]}""", "null", ["FieldValueNotSupported spec.x: Unsupported value: null: supported values: \"a\""] },
    };

    public static TheoryData<string, string, string[]> Arrays => new()
    {
        { """{"type": "array", "items": {"type": "integer"}, "minItems": 1}""", "[1]", [] },
        { """{"type": "array", "items": {"type": "integer"}, "minItems": 1}""", "[]", ["FieldValueInvalid spec.x: Invalid value: 0: spec.x in body should have at least 1 items"] },
        { """{"type": "array", "items": {"type": "integer"}, "maxItems": 2}""", "[1, 2, 3]", ["FieldValueTooMany spec.x: Too many: 3: must have at most 2 items"] },
        { """{"type": "array", "items": {"type": "integer"}, "maxItems": 1}""", "[1, 2]", ["FieldValueTooMany spec.x: Too many: 2: must have at most 1 item"] },
        { """{"type": "array", "items": {"type": "integer", "minimum": 0}}""", "[1, -2, \"3\"]", [
            "FieldValueInvalid spec.x[1]: Invalid value: -2: spec.x[1] in body should be greater than or equal to 0",
            TypeError("spec.x[2]", "integer", "string")] },
        { """{"type": "array", "items": {"type": "string"}}""", "[null]", [
            TypeError("spec.x[0]", "string", "null")] },
    };

    public static TheoryData<string, string, string[]> Objects => new()
    {
        { """{"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}""", """{"name": "a"}""", [] },
        { """{"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}""", "{}", ["FieldValueRequired spec.x.name: Required value"] },
        { """{"type": "object", "additionalProperties": {"type": "integer"}}""", """{"a": 1, "b": "2"}""", [
            TypeError("spec.x.b", "integer", "string")] },
        { """{"type": "object", "additionalProperties": false}""", """{"a": 1}""", [
            """FieldValueInvalid spec.x: Invalid value: "a": spec.x.a in body is a forbidden property"""] },
        { """{"type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": {"n": {"type": "integer"}}}""", """{"n": "1", "other": true}""", [
            TypeError("spec.x.n", "integer", "string")] },
        { """{"type": "object", "additionalProperties": {"type": "string"}, "maxProperties": 1}""", """{"a": "1", "b": "2"}""", [
            "FieldValueTooMany spec.x: Too many: 2: must have at most 1 item"] },
    };

    public static TheoryData<string, string, string[]> Compositions => new()
    {
        { """{"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "anyOf": [{"required": ["a"]}, {"required": ["b"]}]}""", """{"b": "x"}""", [] },
        { """{"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "anyOf": [{"required": ["a"]}, {"required": ["b"]}]}""", "{}", [
            Composition("spec.x", "must validate at least one schema (anyOf)"),
            "FieldValueRequired spec.x.a: Required value"] },
        { """{"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "oneOf": [{"required": ["a"]}, {"required": ["b"]}]}""", """{"a": "x", "b": "y"}""", [
            Composition("spec.x", "must validate one and only one schema (oneOf). Found 2 valid alternatives")] },
        { """{"type": "integer", "allOf": [{"minimum": 1}, {"maximum": 10}]}""", "0", [
            "FieldValueInvalid spec.x: Invalid value: 0: spec.x in body should be greater than or equal to 1",
            Composition("spec.x", "must validate all the schemas (allOf)")] },
        { """{"type": "string", "not": {"enum": ["latest"]}}""", "\"latest\"", [
            Composition("spec.x", "must not validate the schema (not)")] },
        { """{"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}], "pattern": "^[0-9]+%$"}""", "\"10%\"", [] },
        { """{"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}], "pattern": "^[0-9]+%$"}""", "\"ten\"", [
            """FieldValueInvalid spec.x: Invalid value: "ten": spec.x in body should match '^[0-9]+%$'"""] },
    };

    // The server's type error: the field, the type(s) the schema wants, the type the value has.
    private static string TypeError(string field, string expected, string actual) =>
        $"FieldValueTypeInvalid {field}: Invalid value: \"{actual}\": {field} in body must be of type {expected}: \"{actual}\"";

    // allOf, anyOf, oneOf and not failures are reported against no field at all, which prints "<nil>".
    private static string Composition(string path, string failure) =>
        $"FieldValueInvalid <nil>: Invalid value: \"\": \"{path}\" {failure}";

    [Theory]
    [MemberData(nameof(Types))]
    [MemberData(nameof(Numbers))]
    [MemberData(nameof(Strings))]
    [MemberData(nameof(Arrays))]
    [MemberData(nameof(Objects))]
    [MemberData(nameof(Compositions))]
    public void A_value_of_spec_x_is_accepted_or_refused_with_the_servers_causes(string fieldSchema, string value, string[] expected)
    {
        var schema = SpecField(fieldSchema);

        var causes = schema.Validate(Json($$$"""{"apiVersion": "rollouts.dev/v1alpha1", "kind": "Rollout", "spec": {"x": {{{value}}}}}"""));

        Assert.Equal(expected, Describe(causes));
    }
}
