using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>Equality of JSON values as the schema keywords need it: numbers compare by value.</summary>
internal static class JsonEquality
{
    /// <summary>True when a value equals a schema constant (an enum entry); 3 equals 3.0.</summary>
    public static bool Equal(JsonData value, JsonElement constant)
    {
        switch (value.Kind)
        {
            case DataKind.Null:
                return constant.ValueKind == JsonValueKind.Null;
            case DataKind.Boolean:
                return constant.ValueKind == (value.Boolean ? JsonValueKind.True : JsonValueKind.False);
            case DataKind.String:
                return constant.ValueKind == JsonValueKind.String && constant.GetString() == value.Text;
            case DataKind.Integer or DataKind.Number:
                return constant.ValueKind == JsonValueKind.Number && constant.GetDouble() == value.AsDouble;
            case DataKind.Array:
                var array = value.Node!.AsArray();
                return constant.ValueKind == JsonValueKind.Array
                    && constant.GetArrayLength() == array.Count
                    && constant.EnumerateArray().Select((item, i) => Equal(JsonData.Of(array[i]), item)).All(same => same);
            default:
                var obj = value.Node!.AsObject();
                if (constant.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }
                var members = constant.EnumerateObject().GroupBy(p => p.Name, StringComparer.Ordinal).ToList();
                return members.Count == obj.Count
                    && members.All(m => obj.TryGetPropertyValue(m.Key, out var v) && Equal(JsonData.Of(v), m.Last().Value));
        }
    }

    /// <summary>
    /// A text that is equal for equal values, as list-type set and map checks compare them: scalars by
    /// kind and value (1 and 1.0 differ), objects and arrays by their JSON with keys sorted.
    /// </summary>
    public static string Key(JsonNode? node)
    {
        var data = JsonData.Of(node);
        return data.Kind switch
        {
            DataKind.Object or DataKind.Array => "c:" + CanonicalJson(node),
            DataKind.Integer => "i:" + data.Integer.ToString(CultureInfo.InvariantCulture),
            DataKind.Number => "f:" + data.Number.ToString("R", CultureInfo.InvariantCulture),
            DataKind.String => "s:" + data.Text,
            DataKind.Boolean => data.Boolean ? "b:true" : "b:false",
            _ => "null",
        };
    }

    private static string CanonicalJson(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, JsonNode? node)
    {
        var data = JsonData.Of(node);
        switch (data.Kind)
        {
            case DataKind.Object:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in data.Node!.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    builder.Append(first ? "" : ",").Append(JsonValue.Create(key).ToJsonString()).Append(':');
                    Append(builder, value);
                    first = false;
                }
                builder.Append('}');
                break;
            case DataKind.Array:
                builder.Append('[');
                var array = data.Node!.AsArray();
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ",");
                    Append(builder, array[i]);
                }
                builder.Append(']');
                break;
            case DataKind.Integer or DataKind.Number:
                builder.Append(GoFormat.JsonNumber(data.AsDouble));
                break;
            case DataKind.String:
                builder.Append(JsonValue.Create(data.Text).ToJsonString());
                break;
            default:
                builder.Append(data.Kind == DataKind.Null ? "null" : data.Boolean ? "true" : "false");
                break;
        }
    }
}
