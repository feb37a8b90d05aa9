using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.ApiServer.Patching;

/// <summary>Server-side apply conflicts: who counts as another manager, and how the 409 names them.</summary>
public sealed class ApplyConflictTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static JsonObject Apply(JsonObject? live, string manager, int replicas) =>
        ApplyPatch.Apply(live, JsonNode.Parse($$"""{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"replicas": {{replicas}} } }"""),
            new ApplyRequest { Kind = "Deployment", BuiltIn = true, FieldManager = manager, ApiVersion = "apps/v1", Now = Now });

    private static JsonObject Update(JsonObject live, string manager, int replicas, string? subresource = null)
    {
        var next = (JsonObject)live.DeepClone();
        next["spec"]!["replicas"] = replicas;
        return ManagedFields.RecordUpdate(live, next, new UpdateRequest
        {
            Kind = "Deployment", BuiltIn = true, FieldManager = manager, ApiVersion = "apps/v1", Now = Now, Subresource = subresource,
        });
    }

    [Fact]
    public void An_apply_manager_is_named_alone()
    {
        var live = Apply(null, "team-a", 1);

        var error = Assert.Throws<ApiError>(() => Apply(live, "team-b", 2));

        Assert.Equal((409, "Conflict"), (error.Code, error.Reason));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"team-a\": .spec.replicas", error.Message);
        var cause = Assert.Single(error.Causes);
        Assert.Equal(("FieldManagerConflict", "conflict with \"team-a\"", ".spec.replicas"), (cause.Reason, cause.Message, cause.Field));
    }

    /// <summary><c>kubectl scale</c> writes as "kubectl" through /scale; <c>kubectl apply --server-side</c> applies as "kubectl".</summary>
    [Fact]
    public void An_update_under_the_same_name_through_a_subresource_is_another_manager()
    {
        var live = Update(Apply(null, "kubectl", 1), "kubectl", 5, subresource: "scale");

        var error = Assert.Throws<ApiError>(() => Apply(live, "kubectl", 2));

        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas", error.Message);
    }

    [Fact]
    public void Forcing_takes_the_field_from_its_owner()
    {
        var live = Update(Apply(null, "kubectl", 1), "kubectl-edit", 5);

        var applied = ApplyPatch.Apply(live,
            JsonNode.Parse("""{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"replicas": 2}}"""),
            new ApplyRequest { Kind = "Deployment", BuiltIn = true, FieldManager = "kubectl", ApiVersion = "apps/v1", Now = Now, Force = true });

        Assert.Equal(2, applied["spec"]!["replicas"]!.GetValue<int>());
        var managers = applied["metadata"]!["managedFields"]!.AsArray().Select(entry => entry!["manager"]!.GetValue<string>());
        Assert.Equal(["kubectl"], managers);
    }
}
