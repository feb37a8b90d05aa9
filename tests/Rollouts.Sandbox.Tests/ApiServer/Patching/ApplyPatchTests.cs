using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.ApiServer.Patching;

public class ApplyPatchTests
{
    private static readonly DateTimeOffset T1 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(5);

    private static ApplyRequest As(string manager, bool force = false, DateTimeOffset? now = null) => new()
    {
        Kind = "Deployment",
        BuiltIn = true,
        FieldManager = manager,
        Force = force,
        ApiVersion = "apps/v1",
        Now = now ?? T1,
    };

    private static JsonObject Apply(JsonObject? live, string yaml, ApplyRequest request) =>
        ApplyPatch.Apply(live, YamlToJson.Parse(yaml), request);

    private const string Web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: 3
          template:
            spec:
              containers:
              - name: web
                image: example/web:1.0
        """;

    [Fact]
    public void Creates_the_object_and_records_the_manager_s_fields()
    {
        var result = Apply(null, Web, As("kubectl"));

        var entry = Assert.Single(result["metadata"]!["managedFields"]!.AsArray())!;
        Assert.Equal("kubectl", entry["manager"]!.GetValue<string>());
        Assert.Equal("Apply", entry["operation"]!.GetValue<string>());
        Assert.Equal("apps/v1", entry["apiVersion"]!.GetValue<string>());
        Assert.Equal("2025-03-01T10:00:00Z", entry["time"]!.GetValue<string>());
        Assert.Equal("FieldsV1", entry["fieldsType"]!.GetValue<string>());
        JsonAssert.Equal("""
            {"f:metadata":{"f:labels":{"f:app":{}}},
             "f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{}}}}}}}
            """, entry["fieldsV1"]);
        Assert.Equal("example/web:1.0", result["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("web", result["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Merges_into_the_live_object_and_keeps_fields_it_does_not_set()
    {
        var live = Apply(null, Web, As("kubectl"));
        live["status"] = JsonNode.Parse("""{"replicas":3}""");
        live["metadata"]!["labels"]!["owner"] = "ops";
        live["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolicy"] = "IfNotPresent";

        var result = Apply(live, Web.Replace("example/web:1.0", "example/web:2.0", StringComparison.Ordinal), As("kubectl", now: T2));

        var container = result["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("example/web:2.0", container["image"]!.GetValue<string>());
        Assert.Equal("IfNotPresent", container["imagePullPolicy"]!.GetValue<string>());
        Assert.Equal("ops", result["metadata"]!["labels"]!["owner"]!.GetValue<string>());
        JsonAssert.Equal("""{"replicas":3}""", result["status"]);
        Assert.Equal("2025-03-01T10:05:00Z", result["metadata"]!["managedFields"]![0]!["time"]!.GetValue<string>());
    }

    [Fact]
    public void Removes_fields_the_manager_applied_before_and_no_longer_applies()
    {
        var live = Apply(null, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {app: web, tier: front}}
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    env: [{name: A, value: "1"}, {name: B, value: "2"}]
                  - name: sidecar
                    image: proxy
            """, As("kubectl"));

        var result = Apply(live, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {app: web}}
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    env: [{name: A, value: "1"}]
            """, As("kubectl"));

        JsonAssert.Equal("""{"app":"web"}""", result["metadata"]!["labels"]);
        JsonAssert.Equal("""[{"name":"web","env":[{"name":"A","value":"1"}]}]""", result["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void Keeps_a_dropped_field_another_manager_also_applied()
    {
        var live = Apply(null, Web, As("kubectl"));
        live = Apply(live, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}", As("autoscaler"));

        var result = Apply(live, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {app: web}}", As("kubectl"));

        Assert.Equal(3, result["spec"]!["replicas"]!.GetValue<int>());
        Assert.Null(result["spec"]!["template"]);
        var managers = result["metadata"]!["managedFields"]!.AsArray().Select(e => e!["manager"]!.GetValue<string>());
        Assert.Equal(["kubectl", "autoscaler"], managers);
    }

    [Fact]
    public void Changing_a_field_another_manager_owns_is_a_409_naming_the_manager_and_field()
    {
        var live = Apply(null, Web, As("kubectl"));

        var error = Assert.Throws<ApiError>(() =>
            Apply(live, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 5}", As("autoscaler")));

        Assert.Equal(409, error.Code);
        Assert.Equal("Conflict", error.Reason);
        Assert.Equal("""Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas""", error.Message);
        var cause = Assert.Single(error.Causes);
        Assert.Equal(new StatusCause("FieldManagerConflict", "conflict with \"kubectl\"", ".spec.replicas"), cause);
    }

    [Fact]
    public void Lists_every_conflict_by_manager()
    {
        var live = Apply(null, Web, As("kubectl"));

        var error = Assert.Throws<ApiError>(() => Apply(live, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 5
              template:
                spec:
                  containers: [{name: web, image: example/web:9}]
            """, As("ci")));

        Assert.Equal(
            "Apply failed with 2 conflicts: conflicts with \"kubectl\":\n"
            + "- .spec.replicas\n- .spec.template.spec.containers[name=\"web\"].image",
            error.Message);
        Assert.Equal(2, error.Causes.Length);
    }

    [Fact]
    public void Applying_the_same_value_as_another_manager_shares_the_field()
    {
        var live = Apply(null, Web, As("kubectl"));

        var shared = Apply(live, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}", As("autoscaler"));
        var dropped = Apply(shared, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {app: web}}", As("kubectl"));

        Assert.Equal(3, dropped["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public void Force_takes_the_field_from_its_owner()
    {
        var live = Apply(null, Web, As("kubectl"));

        var forced = Apply(live, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 5}", As("autoscaler", force: true));

        Assert.Equal(5, forced["spec"]!["replicas"]!.GetValue<int>());
        var kubectl = forced["metadata"]!["managedFields"]!.AsArray().Single(e => e!["manager"]!.GetValue<string>() == "kubectl")!;
        Assert.Null(kubectl["fieldsV1"]!["f:spec"]!["f:replicas"]);
        var dropped = Apply(forced, Web.Replace("replicas: 3", "", StringComparison.Ordinal), As("kubectl"));
        Assert.Equal(5, dropped["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public void Reapplying_the_same_configuration_changes_nothing()
    {
        var live = Apply(null, Web, As("kubectl"));

        var again = Apply(live, Web, As("kubectl", now: T2));

        JsonAssert.Equal(live.ToJsonString(), again);
    }

    [Fact]
    public void Keeps_live_only_list_items_in_place_and_adds_new_ones_in_the_applied_order()
    {
        var live = JsonAssert.Object("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"template":{"spec":{"containers":[{"name":"web","image":"a"},{"name":"injected","image":"mesh"}]}}}}
            """);

        var result = Apply(live, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers: [{name: web, image: b}, {name: logs, image: c}]
            """, As("kubectl"));

        JsonAssert.Equal("""[{"name":"web","image":"b"},{"name":"injected","image":"mesh"},{"name":"logs","image":"c"}]""",
            result["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void Custom_resources_replace_lists_whole_but_merge_metadata_lists()
    {
        var request = new ApplyRequest { Kind = "Rollout", BuiltIn = false, FieldManager = "kubectl", Now = T1 };
        var live = JsonAssert.Object("""
            {"apiVersion":"rollouts.dev/v1alpha1","kind":"Rollout","metadata":{"name":"r","finalizers":["a"]},
             "spec":{"steps":[{"setWeight":20},{"pause":{}}]}}
            """);

        var result = Apply(live, """
            apiVersion: rollouts.dev/v1alpha1
            kind: Rollout
            metadata: {name: r, finalizers: [b]}
            spec:
              steps: [{setWeight: 50}]
            """, request);

        JsonAssert.Equal("""[{"setWeight":50}]""", result["spec"]!["steps"]);
        JsonAssert.Equal("""["a","b"]""", result["metadata"]!["finalizers"]);
        JsonAssert.Equal("""{"f:metadata":{"f:finalizers":{"v:\"b\"":{}}},"f:spec":{"f:steps":{}}}""",
            result["metadata"]!["managedFields"]![0]!["fieldsV1"]);
    }

    [Fact]
    public void Ignores_the_status_on_an_endpoint_whose_status_is_a_subresource()
    {
        var request = As("kubectl") with { IgnoreStatus = true };

        var result = Apply(null, Web + "\nstatus: {replicas: 9}", request);

        Assert.Null(result["status"]);
    }

    [Fact]
    public void Null_values_in_the_configuration_are_not_applied()
    {
        var live = Apply(null, Web, As("kubectl"));

        var result = Apply(live, Web.Replace("replicas: 3", "replicas: null", StringComparison.Ordinal), As("kubectl"));

        Assert.Null(result["spec"]!["replicas"]);
    }

    [Theory]
    [InlineData("apiVersion: apps/v2\nkind: Deployment\nmetadata: {name: web}",
        "Incorrect version specified in apply patch. Specified patch version: apps/v2, expected: apps/v1")]
    [InlineData("kind: Deployment\nmetadata: {name: web}",
        "Incorrect version specified in apply patch. Specified patch version: , expected: apps/v1")]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, managedFields: []}", "metadata.managedFields must be nil")]
    [InlineData("- a\n- b", "an apply patch must be an object")]
    public void Refuses_bad_configurations_with_400(string yaml, string message)
    {
        var error = Assert.Throws<ApiError>(() => Apply(null, yaml, As("kubectl")));

        Assert.Equal(400, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
