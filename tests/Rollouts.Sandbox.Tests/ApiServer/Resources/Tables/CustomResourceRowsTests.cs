using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Resources.Tables;

namespace Rollouts.Sandbox.Tests.ApiServer.Resources.Tables;

public class CustomResourceRowsTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ResourceType Rollouts = TestCrds.RolloutTypes()[0];

    private static JsonArray Cells(ResourceType type, string json) =>
        TableBuilder.ForObject(type, TestCrds.Parse(json), new TableOptions { Now = Now })["rows"]![0]!["cells"]!.AsArray();

    [Fact]
    public void Columns_are_name_then_the_printer_columns_with_their_priority()
    {
        var columns = TableBuilder.Columns(Rollouts);

        Assert.Equal<TableColumn>(
            [
                new TableColumn("Name", "string", "name", columns[0].Description),
                new TableColumn("Desired", "integer"),
                new TableColumn("Current", "integer"),
                new TableColumn("Phase", "string", Description: "Where the rollout is."),
                new TableColumn("Ready", "string", Priority: 1),
                new TableColumn("Age", "date"),
            ],
            columns);
    }

    [Fact]
    public void Cells_evaluate_each_column_path_and_show_dates_as_ages()
    {
        var cells = Cells(Rollouts, """
            {
              "metadata": { "name": "web", "creationTimestamp": "2025-03-01T11:56:48Z" },
              "spec": { "replicas": 5 },
              "status": { "replicas": 4, "phase": "Progressing",
                          "conditions": [ { "type": "Available", "status": "True" }, { "type": "Ready", "status": "False" } ] }
            }
            """);

        Assert.Equal("""["web",5,4,"Progressing","False","3m12s"]""", TestJson.Compact(cells));
    }

    [Fact]
    public void A_path_that_finds_nothing_gives_an_empty_cell()
    {
        var cells = Cells(Rollouts, """{ "metadata": { "name": "web" }, "spec": {} }""");

        Assert.Equal("""["web",null,null,null,null,null]""", TestJson.Compact(cells));
    }

    [Theory]
    [InlineData("integer", "3", "3")]
    [InlineData("integer", "2.7", "2")]
    [InlineData("integer", "\"3\"", "null")]
    [InlineData("number", "0.25", "0.25")]
    [InlineData("number", "4", "4")]
    [InlineData("boolean", "true", "true")]
    [InlineData("boolean", "\"true\"", "null")]
    [InlineData("string", "\"Healthy\"", "\"Healthy\"")]
    [InlineData("string", "12", "\"12\"")]
    [InlineData("string", "false", "\"false\"")]
    [InlineData("string", """["a.example.com","b.example.com"]""", "\"[\\\"a.example.com\\\",\\\"b.example.com\\\"]\"")]
    [InlineData("string", """{"weight":20}""", "\"{\\\"weight\\\":20}\"")]
    [InlineData("date", "\"2025-02-28T12:00:00Z\"", "\"24h\"")]
    [InlineData("date", "\"soon\"", "\"<invalid>\"")]
    [InlineData("date", "7", "null")]
    [InlineData("string", "null", "null")]
    public void A_cell_takes_the_column_type(string type, string value, string expected)
    {
        var cell = CustomResourcePrinter.Cell(type, JsonNode.Parse(value), Now);

        Assert.Equal(expected, TestJson.Compact(cell));
    }

    [Fact]
    public void Only_the_first_value_of_a_wildcard_path_is_shown()
    {
        var type = Rollouts with { PrinterColumns = [new PrinterColumn("Image", "string", ".spec.containers[*].image")] };

        var cells = Cells(type, """{ "metadata": { "name": "web" }, "spec": { "containers": [ { "image": "a:1" }, { "image": "b:2" } ] } }""");

        Assert.Equal("""["web","a:1"]""", TestJson.Compact(cells));
    }

    [Fact]
    public void A_crd_without_printer_columns_shows_name_and_age()
    {
        var type = Rollouts with { PrinterColumns = [] };

        var columns = TableBuilder.Columns(type);
        var cells = Cells(type, """{ "metadata": { "name": "web", "creationTimestamp": "2025-03-01T11:59:30Z" } }""");

        Assert.Equal(["Name", "Age"], columns.Select(c => c.Name));
        Assert.Equal("""["web","30s"]""", TestJson.Compact(cells));
    }
}
