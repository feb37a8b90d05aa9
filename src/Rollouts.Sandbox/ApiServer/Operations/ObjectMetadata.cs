using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Operations;

/// <summary>Reading and checking the metadata of an object as JSON.</summary>
public static partial class ObjectMetadata
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? GetString(JsonObject obj, string field) =>
        (obj["metadata"] as JsonObject)?[field] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string GenerateName(string prefix, Random random)
    {
        var suffix = new char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = NameAlphabet[random.Next(NameAlphabet.Length)];
        }

        return prefix + new string(suffix);
    }

    /// <summary>The problems with metadata.name, labels and annotations, with their field paths.</summary>
    public static List<StatusCause> Validate(JsonObject obj, bool nameIsLabel)
    {
        var causes = new List<StatusCause>();
        var metadata = Of(obj);
        var name = GetString(obj, "name");
        if (string.IsNullOrEmpty(name))
        {
            causes.Add(new("FieldValueRequired", "Required value: name or generateName is required", "metadata.name"));
        }
        else if (nameIsLabel ? !IsDnsLabel(name) : !IsDnsSubdomain(name))
        {
            var what = nameIsLabel
                ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
                : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
            causes.Add(new("FieldValueInvalid", $"Invalid value: \"{name}\": {what}", "metadata.name"));
        }

        if (metadata["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                if (!IsQualifiedName(key))
                {
                    causes.Add(new("FieldValueInvalid", $"Invalid value: \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", "metadata.labels"));
                }

                var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                if (text is null || !IsLabelValue(text))
                {
                    causes.Add(new("FieldValueInvalid", $"Invalid value: \"{text ?? value?.ToJsonString()}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", $"metadata.labels"));
                }
            }
        }

        if (metadata["annotations"] is JsonObject annotations)
        {
            foreach (var (key, value) in annotations)
            {
                if (!IsQualifiedName(key))
                {
                    causes.Add(new("FieldValueInvalid", $"Invalid value: \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.'", "metadata.annotations"));
                }

                if (value is not JsonValue v || !v.TryGetValue<string>(out _))
                {
                    causes.Add(new("FieldValueInvalid", "Invalid value: annotation values must be strings", $"metadata.annotations.{key}"));
                }
            }
        }

        return causes;
    }

    public static bool IsDnsLabel(string value) => value.Length <= 63 && DnsLabel().IsMatch(value);

    public static bool IsDnsSubdomain(string value) => value.Length <= 253 && DnsSubdomain().IsMatch(value);

    public static bool IsLabelValue(string value) => value.Length == 0 || (value.Length <= 63 && LabelValue().IsMatch(value));

    public static bool IsQualifiedName(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? value : value[(slash + 1)..];
        if (slash >= 0 && (slash == 0 || !IsDnsSubdomain(value[..slash])))
        {
            return false;
        }

        return name.Length is > 0 and <= 63 && LabelValue().IsMatch(name);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
