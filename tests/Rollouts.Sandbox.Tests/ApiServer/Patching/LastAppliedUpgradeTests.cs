using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.ApiServer.Patching;

/// <summary>
/// Server-side apply after client-side apply: conflicts the move would cause are forgiven for kubectl's manager
/// when the field still holds its last-applied value, and the annotation follows each apply.
/// </summary>
public sealed class LastAppliedUpgradeTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>A ConfigMap created by client-side apply with data a=1, then (maybe) changed by someone else.</summary>
    private static JsonObject ClientSideApplied(string data = """{"a": "1"}""")
    {
        var config = """{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c"}}""" + "\n";
        var obj = JsonAssert.Object($$"""{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {{data}}}""");
        obj["metadata"]!["annotations"] = new JsonObject { [LastAppliedUpgrade.Annotation] = config };
        return ManagedFields.RecordUpdate(null, obj, new UpdateRequest
        {
            Kind = "ConfigMap", BuiltIn = true, FieldManager = "kubectl-client-side-apply", ApiVersion = "v1", Now = Now,
        });
    }

    private static JsonObject ServerSideApply(JsonObject live, string manager, string data) =>
        ApplyPatch.Apply(live, JsonNode.Parse($$"""{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {{data}}}"""),
            new ApplyRequest { Kind = "ConfigMap", BuiltIn = true, FieldManager = manager, ApiVersion = "v1", Now = Now });

    [Fact]
    public void Kubectl_takes_fields_that_still_hold_their_last_applied_value_and_rewrites_the_annotation()
    {
        var applied = ServerSideApply(ClientSideApplied(), "kubectl", """{"a": "2"}""");

        Assert.Equal("2", applied["data"]!["a"]!.GetValue<string>());
        Assert.Equal("""{"apiVersion":"v1","data":{"a":"2"},"kind":"ConfigMap","metadata":{"name":"c"}}""" + "\n",
            applied["metadata"]!["annotations"]![LastAppliedUpgrade.Annotation]!.GetValue<string>());
    }

    [Fact]
    public void A_field_changed_since_the_last_client_side_apply_still_conflicts()
    {
        var live = ClientSideApplied();
        live = ManagedFields.RecordUpdate(live, Edited(live, """{"a": "9"}"""), new UpdateRequest
        {
            Kind = "ConfigMap", BuiltIn = true, FieldManager = "kubectl-edit", ApiVersion = "v1", Now = Now,
        });

        var error = Assert.Throws<ApiError>(() => ServerSideApply(live, "kubectl", """{"a": "2"}"""));

        Assert.Equal(409, error.Code);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using v1: .data.a", error.Message);
    }

    [Fact]
    public void Another_manager_gets_the_conflict_and_leaves_the_annotation_alone()
    {
        var live = ClientSideApplied();

        var error = Assert.Throws<ApiError>(() => ServerSideApply(live, "ci", """{"a": "2"}"""));

        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .data.a", error.Message);
    }

    [Theory]
    [InlineData("""{"b": 1, "a": {"y": "<&>", "x": [2, 1]}}""", """{"a":{"x":[2,1],"y":"\u003c\u0026\u003e"},"b":1}""")]
    [InlineData("""{"é": "ü"}""", """{"é":"ü"}""")]
    public void The_annotation_is_written_as_Go_encodes_JSON(string value, string expected) =>
        Assert.Equal(expected + "\n", LastAppliedUpgrade.Encode(JsonNode.Parse(value)!));

    /// <summary>The live object with its data replaced, as an edit would write it.</summary>
    private static JsonObject Edited(JsonObject live, string data)
    {
        var next = (JsonObject)live.DeepClone();
        next["data"] = JsonNode.Parse(data);
        return next;
    }
}
