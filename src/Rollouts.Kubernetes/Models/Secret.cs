using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Rollouts.Kubernetes.Models;

/// <summary>A v1 Secret. The operator only reads the ones an analysis names, by GET, and never writes their values anywhere.</summary>
public sealed record Secret : IKubernetesObject<Secret>
{
    public static ApiResource Resource { get; } = new("", "v1", "secrets", "Secret", namespaced: true);

    public static JsonTypeInfo<Secret> JsonTypeInfo => KubernetesJsonContext.Default.Secret;

    public string ApiVersion { get => field ?? "v1"; init; }

    public string Kind { get => field ?? "Secret"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    /// <summary>The values by key (base64 in JSON).</summary>
    public IReadOnlyDictionary<string, byte[]>? Data { get; init; }

    /// <summary>Values given as text; the server folds them into <see cref="Data"/>, but a server may still show them.</summary>
    public IReadOnlyDictionary<string, string>? StringData { get; init; }

    public string? Type { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }

    /// <summary>The value of <paramref name="key"/> as UTF-8 text, or null when the Secret has no such key.</summary>
    public string? ValueOf(string key)
    {
        if (Data is not null && Data.TryGetValue(key, out var bytes))
        {
            return System.Text.Encoding.UTF8.GetString(bytes);
        }

        return StringData is not null && StringData.TryGetValue(key, out var text) ? text : null;
    }

    // Values stay out of the text form, which ends up in logs and exception messages.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Metadata = ").Append(Metadata.Namespace).Append('/').Append(Metadata.Name)
            .Append(", Keys = ").Append(string.Join(",", (Data?.Keys ?? []).Concat(StringData?.Keys ?? [])));
        return true;
    }
}
