using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>The kinds of JSON value the real server tells apart when it decodes a body.</summary>
internal enum DataKind
{
    Null,
    Boolean,
    String,
    /// <summary>A number written without fraction or exponent that fits 64 bits (Go's int64).</summary>
    Integer,
    /// <summary>Any other number (Go's float64): 3.0, 1e3, 3.5.</summary>
    Number,
    Array,
    Object,
}

/// <summary>
/// A JSON value classified the way the real server sees it after decoding: <c>3</c> is an integer,
/// <c>3.0</c> a floating point number that still passes as an integer.
/// </summary>
internal readonly record struct JsonData(DataKind Kind, JsonNode? Node, long Integer = 0, double Number = 0, string Text = "", bool Boolean = false)
{
    public static JsonData Of(JsonNode? node) => node switch
    {
        null => new(DataKind.Null, null),
        JsonObject => new(DataKind.Object, node),
        JsonArray => new(DataKind.Array, node),
        JsonValue value when value.TryGetValue(out JsonElement element) => FromElement(element, node),
        _ => FromClrValue(node),
    };

    public static JsonData Of(JsonElement element) => FromElement(element, null);

    /// <summary>The number as a float, whichever kind it is.</summary>
    public double AsDouble => Kind == DataKind.Integer ? Integer : Number;

    public bool IsNumeric => Kind is DataKind.Integer or DataKind.Number;

    /// <summary>The OpenAPI type name of this value, as type errors spell it.</summary>
    public string TypeName => Kind switch
    {
        DataKind.Null => "null",
        DataKind.Boolean => "boolean",
        DataKind.String => "string",
        DataKind.Integer => "integer",
        DataKind.Number => "number",
        DataKind.Array => "array",
        _ => "object",
    };

    /// <summary>True for numbers without a fractional part within JSON's exact integer range.</summary>
    public bool IsIntegral => Kind == DataKind.Integer
        || (Kind == DataKind.Number && Math.Abs(Number) <= 9007199254740992d && Math.Floor(Number) == Number);

    private static JsonData FromElement(JsonElement element, JsonNode? node) => element.ValueKind switch
    {
        JsonValueKind.True => new(DataKind.Boolean, node, Boolean: true),
        JsonValueKind.False => new(DataKind.Boolean, node, Boolean: false),
        JsonValueKind.String => new(DataKind.String, node, Text: element.GetString() ?? ""),
        JsonValueKind.Number => FromNumber(element.GetRawText(), node),
        JsonValueKind.Null or JsonValueKind.Undefined => new(DataKind.Null, null),
        // An object or array wrapped in a value node: read it through a node of its own.
        _ => Of(JsonNode.Parse(element.GetRawText())),
    };

    private static JsonData FromNumber(string raw, JsonNode? node)
    {
        var looksIntegral = raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0;
        if (looksIntegral && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new(DataKind.Integer, node, Integer: integer);
        }
        return new(DataKind.Number, node, Number: double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    // Values built in code rather than parsed: classify them by their JSON text.
    private static JsonData FromClrValue(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        var data = FromElement(document.RootElement, node);
        return data.Kind == DataKind.Null ? data : data with { Node = node };
    }
}
