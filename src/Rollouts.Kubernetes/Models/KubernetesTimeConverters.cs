using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Models;

/// <summary>
/// <c>metav1.Time</c>: RFC 3339 in UTC with whole seconds (<c>2024-05-01T12:00:00Z</c>), the form
/// the server writes. Any RFC 3339 value is accepted when reading.
/// </summary>
public sealed class KubernetesTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        KubernetesTimeFormat.Parse(ref reader);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}

/// <summary>
/// <c>metav1.MicroTime</c> (Lease and Event times): RFC 3339 in UTC with exactly six fractional
/// digits (<c>2024-05-01T12:00:00.000000Z</c>); the server refuses other precisions.
/// </summary>
public sealed class KubernetesMicroTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        KubernetesTimeFormat.Parse(ref reader);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
}

internal static class KubernetesTimeFormat
{
    public static DateTimeOffset Parse(ref Utf8JsonReader reader)
    {
        var text = reader.GetString();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value.ToUniversalTime();
        }

        throw new JsonException($"'{text}' is not an RFC 3339 time such as 2024-05-01T12:00:00Z.");
    }
}
