using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Resources.Tables;

namespace Rollouts.Sandbox.Tests.ApiServer.Resources.Tables;

public class TableBuilderTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TableOptions Options = new() { Now = Now };

    private static JsonObject Pod(string name, string created = "2025-03-01T11:55:00Z") => TestCrds.Parse($$"""
        {
          "apiVersion": "v1", "kind": "Pod",
          "metadata": { "name": "{{name}}", "namespace": "shop", "resourceVersion": "41",
                        "creationTimestamp": "{{created}}", "labels": { "app": "web" } },
          "spec": { "containers": [ { "name": "app", "image": "nginx:1" } ] },
          "status": { "phase": "Running" }
        }
        """);

    [Fact]
    public void A_list_table_has_columns_rows_with_partial_metadata_and_the_list_metadata()
    {
        var list = new JsonObject
        {
            ["kind"] = "PodList",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = "115", ["continue"] = "token", ["remainingItemCount"] = 7 },
            ["items"] = new JsonArray(Pod("a"), Pod("b")),
        };

        var table = TableBuilder.ForList(BuiltInTypes.Pods, list, Options);

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        AssertJson("""{"resourceVersion":"115","continue":"token","remainingItemCount":7}""", table["metadata"]);
        var columns = table["columnDefinitions"]!.AsArray();
        Assert.Equal(
            ["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"],
            columns.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1], columns.Select(c => c!["priority"]!.GetValue<int>()));
        Assert.Equal("name", columns[0]!["format"]!.GetValue<string>());
        Assert.All(columns, c => Assert.NotNull(c!["description"]));

        var rows = table["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        AssertJson(
            """
            {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"a","namespace":"shop",
             "resourceVersion":"41","creationTimestamp":"2025-03-01T11:55:00Z","labels":{"app":"web"}}}
            """,
            rows[0]!["object"]);
    }

    [Fact]
    public void An_empty_list_has_no_rows_but_its_columns()
    {
        var table = TableBuilder.ForItems(BuiltInTypes.ConfigMaps, [], "9", null, null, Options);

        Assert.Empty(table["rows"]!.AsArray());
        Assert.Equal(3, table["columnDefinitions"]!.AsArray().Count);
        AssertJson("""{"resourceVersion":"9"}""", table["metadata"]);
    }

    [Fact]
    public void A_single_object_table_carries_its_resource_version_and_one_row()
    {
        var table = TableBuilder.ForObject(BuiltInTypes.Pods, Pod("a"), Options);

        AssertJson("""{"resourceVersion":"41"}""", table["metadata"]);
        Assert.Single(table["rows"]!.AsArray());
    }

    [Fact]
    public void Watch_events_after_the_first_omit_column_definitions()
    {
        var table = TableBuilder.ForObject(BuiltInTypes.Pods, Pod("a"), Options with { OmitColumnDefinitions = true });

        Assert.Empty(table["columnDefinitions"]!.AsArray());
        Assert.Single(table["rows"]!.AsArray());
    }

    [Fact]
    public void Rows_carry_the_whole_object_or_none_as_asked()
    {
        var pod = Pod("a");

        var whole = TableBuilder.ForObject(BuiltInTypes.Pods, pod, Options with { IncludeObject = IncludeObjectPolicy.Object });
        var none = TableBuilder.ForObject(BuiltInTypes.Pods, pod, Options with { IncludeObject = IncludeObjectPolicy.None });

        AssertJson(pod.ToJsonString(), whole["rows"]![0]!["object"]);
        Assert.False(none["rows"]![0]!.AsObject().ContainsKey("object"));
    }

    [Theory]
    [InlineData(null, IncludeObjectPolicy.Metadata)]
    [InlineData("Metadata", IncludeObjectPolicy.Metadata)]
    [InlineData("Object", IncludeObjectPolicy.Object)]
    [InlineData("None", IncludeObjectPolicy.None)]
    public void The_include_object_parameter_is_read(string? value, IncludeObjectPolicy expected)
    {
        Assert.Equal(expected, TableOptions.ParseIncludeObject(value));
    }

    [Fact]
    public void An_unknown_include_object_is_a_bad_request()
    {
        var error = Assert.Throws<ApiError>(() => TableOptions.ParseIncludeObject("Everything"));

        Assert.Equal(400, error.Code);
    }

    [Fact]
    public void Rows_hold_copies_so_the_stored_object_stays_untouched()
    {
        var pod = Pod("a");

        var table = TableBuilder.ForObject(BuiltInTypes.Pods, pod, Options);
        table["rows"]![0]!["object"]!["metadata"]!["name"] = "changed";

        Assert.Equal("a", pod["metadata"]!["name"]!.GetValue<string>());
        Assert.Null(pod.Parent);
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual?.ToJsonString());
}
