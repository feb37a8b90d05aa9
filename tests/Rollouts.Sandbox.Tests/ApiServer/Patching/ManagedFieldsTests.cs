using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.ApiServer.Patching;

public class ManagedFieldsTests
{
    private static readonly DateTimeOffset T1 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(5);

    private static UpdateRequest By(string? manager, DateTimeOffset? now = null) => new()
    {
        Kind = "Deployment",
        BuiltIn = true,
        FieldManager = manager,
        ApiVersion = "apps/v1",
        Now = now ?? T1,
    };

    private static ApplyRequest Applying(string manager) => new()
    {
        Kind = "Deployment", BuiltIn = true, FieldManager = manager, ApiVersion = "apps/v1", Now = T2,
    };

    private const string Created = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","uid":"u1"},
         "spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"web","image":"a"}]}}}}
        """;

    [Fact]
    public void A_create_makes_the_writer_own_every_field_it_set()
    {
        var result = ManagedFields.RecordUpdate(null, JsonAssert.Object(Created), By("kubectl-create"));

        var entry = Assert.Single(result["metadata"]!["managedFields"]!.AsArray())!;
        Assert.Equal("kubectl-create", entry["manager"]!.GetValue<string>());
        Assert.Equal("Update", entry["operation"]!.GetValue<string>());
        JsonAssert.Equal("""
            {"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{}}}}}}}
            """, entry["fieldsV1"]);
    }

    [Fact]
    public void An_update_takes_the_fields_it_changes_and_a_later_apply_conflicts_with_it()
    {
        var applied = ApplyPatch.Apply(null, JsonNode.Parse(Created), Applying("kubectl"));
        var scaled = (JsonObject)applied.DeepClone();
        scaled["spec"]!["replicas"] = 4;

        var updated = ManagedFields.RecordUpdate(applied, scaled, By("rollouts-operator"));

        var entries = updated["metadata"]!["managedFields"]!.AsArray();
        Assert.Null(entries[0]!["fieldsV1"]!["f:spec"]!["f:replicas"]);
        JsonAssert.Equal("""{"f:spec":{"f:replicas":{}}}""", entries[1]!["fieldsV1"]);
        var error = Assert.Throws<ApiError>(() => ApplyPatch.Apply(updated, JsonNode.Parse(Created), Applying("kubectl")));
        Assert.Equal("""Apply failed with 1 conflict: conflict with "rollouts-operator" using apps/v1: .spec.replicas""", error.Message);
    }

    [Fact]
    public void A_write_that_changes_nothing_leaves_the_entries_as_they_were()
    {
        var first = ManagedFields.RecordUpdate(null, JsonAssert.Object(Created), By("kubectl-create"));

        var second = ManagedFields.RecordUpdate(first, (JsonObject)first.DeepClone(), By("kubectl-edit", T2));

        JsonAssert.Equal(first["metadata"]!["managedFields"]!.ToJsonString(), second["metadata"]!["managedFields"]);
    }

    [Fact]
    public void Fields_removed_by_a_write_are_owned_by_nobody()
    {
        var first = ManagedFields.RecordUpdate(null, JsonAssert.Object(Created), By("kubectl-create"));
        var edited = (JsonObject)first.DeepClone();
        edited["spec"]!.AsObject().Remove("replicas");

        var second = ManagedFields.RecordUpdate(first, edited, By("kubectl-edit"));

        var entry = Assert.Single(second["metadata"]!["managedFields"]!.AsArray())!;
        Assert.Equal("kubectl-create", entry["manager"]!.GetValue<string>());
        Assert.Null(entry["fieldsV1"]!["f:spec"]!["f:replicas"]);
    }

    [Fact]
    public void A_write_without_a_manager_records_no_owner()
    {
        var result = ManagedFields.RecordUpdate(null, JsonAssert.Object(Created), By(null));

        Assert.Null(result["metadata"]!["managedFields"]);
    }

    [Fact]
    public void Managed_fields_sent_in_the_body_are_ignored()
    {
        var body = JsonAssert.Object(Created);
        body["metadata"]!["managedFields"] = JsonNode.Parse("""[{"manager":"forged","operation":"Update","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{}}}]""");

        var result = ManagedFields.RecordUpdate(null, body, By("kubectl-create"));

        Assert.Equal("kubectl-create", Assert.Single(result["metadata"]!["managedFields"]!.AsArray())!["manager"]!.GetValue<string>());
    }
}
