using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Models;

/// <summary>A value the API accepts as a number or a name, such as a service's <c>targetPort</c> (8080 or "http").</summary>
[JsonConverter(typeof(IntOrStringConverter))]
public readonly record struct IntOrString
{
    private IntOrString(int? number, string? text)
    {
        Number = number;
        Text = text;
    }

    public int? Number { get; }

    public string? Text { get; }

    public static IntOrString FromNumber(int value) => new(value, null);

    public static IntOrString FromText(string value) => new(null, value ?? throw new ArgumentNullException(nameof(value)));

    public static implicit operator IntOrString(int value) => FromNumber(value);

    public static implicit operator IntOrString(string value) => FromText(value);

    public override string ToString() => Number?.ToString(CultureInfo.InvariantCulture) ?? Text ?? "";
}

public sealed class IntOrStringConverter : JsonConverter<IntOrString>
{
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => IntOrString.FromNumber(reader.GetInt32()),
            JsonTokenType.String => IntOrString.FromText(reader.GetString()!),
            _ => throw new JsonException($"Expected a number or a string, found {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        if (value.Number is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value.Text ?? "");
        }
    }
}
