using System.Collections.Immutable;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Resources.Tables;

/// <summary>
/// Custom resources: NAME, then the CRD version's additionalPrinterColumns (NAME AGE when it declares none).
/// Each column's JSONPath is evaluated on the object and its first value typed as the column says:
/// integer, number, boolean, string (objects and arrays as compact JSON) or date (shown as an age).
/// A column whose path finds nothing, or a value of another type, gives an empty (null) cell.
/// </summary>
internal static class CustomResourcePrinter
{
    private static readonly PrinterColumn DefaultAge = new("Age", "date", ".metadata.creationTimestamp");

    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TablePrinter For(ResourceType type)
    {
        var columns = type.PrinterColumns.IsEmpty ? [DefaultAge] : type.PrinterColumns;
        var paths = columns.Select(c => SimpleJsonPath.TryParse(c.JsonPath, out var path, out _) ? path : null).ToImmutableArray();
        return new TablePrinter(
            [
                CommonColumns.Name,
                .. columns.Select(c => new TableColumn(c.Name, c.Type, c.Format ?? "", c.Description ?? "", c.Priority)),
            ],
            (obj, now) =>
            {
                var cells = new JsonNode?[columns.Length + 1];
                cells[0] = TablePrinter.Name(obj);
                for (var i = 0; i < columns.Length; i++)
                {
                    var found = paths[i]?.Evaluate(obj) ?? [];
                    cells[i + 1] = found.Count == 0 ? null : Cell(columns[i].Type, found[0], now);
                }
                return cells;
            });
    }

    /// <summary>The cell of one printer column for a value its JSONPath selected.</summary>
    public static JsonNode? Cell(string type, JsonNode? value, DateTimeOffset now)
    {
        if (value is null)
        {
            return null;
        }
        var kind = value.GetValueKind();
        return type switch
        {
            "integer" when kind == JsonValueKind.Number => JsonRead.Integer(value),
            "number" when kind == JsonValueKind.Number => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            "boolean" when kind is JsonValueKind.True or JsonValueKind.False => kind == JsonValueKind.True,
            "string" => kind switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.Object or JsonValueKind.Array => value.ToJsonString(CompactJson),
                _ => value.ToJsonString(),
            },
            "date" when kind == JsonValueKind.String => HumanDuration.Since(value.GetValue<string>(), now),
            _ => null,
        };
    }
}
