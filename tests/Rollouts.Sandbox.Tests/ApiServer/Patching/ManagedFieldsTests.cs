using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.ApiServer.Patching;

/// <summary>managedFields kept by writes other than server-side apply (create, update, patch, subresources).</summary>
public sealed class ManagedFieldsTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static UpdateRequest By(string manager, string? subresource = null) => new()
    {
        Kind = "ConfigMap",
        BuiltIn = true,
        FieldManager = manager,
        ApiVersion = "v1",
        Now = Now,
        Subresource = subresource,
    };

    private static JsonObject ConfigMap(string data, string? managedFields = null)
    {
        var obj = JsonAssert.Object($$"""{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {{data}}}""");
        if (managedFields is not null)
        {
            obj["metadata"]!["managedFields"] = JsonNode.Parse(managedFields);
        }

        return obj;
    }

    private static string Owners(JsonObject obj) => string.Join("; ", (obj["metadata"]?["managedFields"] as JsonArray ?? [])
        .Select(entry => $"{entry!["manager"]}/{entry["operation"]}{(entry["subresource"] is { } sub ? $"/{sub}" : "")}: {entry["fieldsV1"]!.ToJsonString()}"));

    [Fact]
    public void A_create_gives_every_field_it_sets_to_its_manager()
    {
        var created = ManagedFields.RecordUpdate(null, ConfigMap("""{"a": "1"}"""), By("kubectl-create"));

        Assert.Equal("""kubectl-create/Update: {"f:data":{"f:a":{}}}""", Owners(created));
        Assert.Equal("2025-01-02T03:04:05Z", created["metadata"]!["managedFields"]![0]!["time"]!.GetValue<string>());
    }

    [Fact]
    public void An_update_takes_the_fields_it_changes_and_leaves_the_rest_to_their_owners()
    {
        var live = ManagedFields.RecordUpdate(null, ConfigMap("""{"a": "1", "b": "2"}"""), By("kubectl-create"));
        var next = ConfigMap("""{"a": "1", "b": "3", "c": "4"}""", live["metadata"]!["managedFields"]!.ToJsonString());

        var updated = ManagedFields.RecordUpdate(live, next, By("kubectl-edit"));

        Assert.Equal("""kubectl-create/Update: {"f:data":{"f:a":{}}}; kubectl-edit/Update: {"f:data":{"f:b":{},"f:c":{}}}""", Owners(updated));
    }

    [Fact]
    public void A_write_that_changes_nothing_adds_no_entry()
    {
        var live = ManagedFields.RecordUpdate(null, ConfigMap("""{"a": "1"}"""), By("kubectl-create"));

        var same = ManagedFields.RecordUpdate(live, ConfigMap("""{"a": "1"}"""), By("kubectl-edit"));

        Assert.Equal(Owners(live), Owners(same));
    }

    [Fact]
    public void Removed_fields_are_owned_by_nobody()
    {
        var live = ManagedFields.RecordUpdate(null, ConfigMap("""{"a": "1", "b": "2"}"""), By("kubectl-create"));

        var updated = ManagedFields.RecordUpdate(live, ConfigMap("""{"a": "1"}"""), By("kubectl-edit"));

        Assert.Equal("""kubectl-create/Update: {"f:data":{"f:a":{}}}""", Owners(updated));
    }

    /// <summary>How kubectl hands client-side apply's fields to server-side apply: it writes managedFields itself.</summary>
    [Fact]
    public void Managed_fields_written_by_the_client_replace_the_stored_ones()
    {
        var live = ManagedFields.RecordUpdate(null, ConfigMap("""{"a": "1"}"""), By("kubectl-client-side-apply"));
        var migrated = ConfigMap("""{"a": "1"}""",
            """[{"manager": "kubectl", "operation": "Apply", "apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {"f:a": {}}}}]""");

        var updated = ManagedFields.RecordUpdate(live, migrated, By("kubectl"));

        Assert.Equal("""kubectl/Apply: {"f:data":{"f:a":{}}}""", Owners(updated));
    }

    [Fact]
    public void A_single_empty_entry_strips_managed_fields()
    {
        var live = ManagedFields.RecordUpdate(null, ConfigMap("""{"a": "1"}"""), By("kubectl-create"));

        var stripped = ManagedFields.RecordUpdate(live, ConfigMap("""{"a": "2"}""", "[{}]"), By("kubectl-edit"));

        Assert.Null(stripped["metadata"]!["managedFields"]);
    }

    [Fact]
    public void A_subresource_write_is_recorded_as_such_and_keeps_the_stored_entries()
    {
        var live = ManagedFields.RecordUpdate(null, ConfigMap("""{"a": "1"}"""), By("kubectl-create"));
        var next = ConfigMap("""{"a": "2"}""", """[{"manager": "intruder", "operation": "Update", "fieldsV1": {"f:data": {}}}]""");

        var updated = ManagedFields.RecordUpdate(live, next, By("controller", subresource: "status"));

        Assert.Equal("""controller/Update/status: {"f:data":{"f:a":{}}}""", Owners(updated));
    }
}
