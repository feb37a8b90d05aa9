using System.Text.Json;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Tests.Support;

/// <summary>ConfigMaps as untyped objects: the simplest namespaced resource to exercise the API with.</summary>
internal static class ConfigMaps
{
    public static readonly ApiResource Resource = new("", "v1", "configmaps", "ConfigMap", namespaced: true);

    public static KubernetesObject New(
        string name,
        string ns = "default",
        IReadOnlyDictionary<string, string>? labels = null,
        string? value = null,
        IReadOnlyList<OwnerReference>? owners = null,
        IReadOnlyList<string>? finalizers = null) => new()
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = ns,
                Labels = labels,
                OwnerReferences = owners,
                Finalizers = finalizers,
            },
            UnknownFields = value is null ? null : new Dictionary<string, JsonElement> { ["data"] = Data(value) },
        };

    /// <summary>The object's <c>data.value</c>, or null.</summary>
    public static string? Value(KubernetesObject configMap) =>
        configMap.UnknownFields?.TryGetValue("data", out var data) == true && data.TryGetProperty("value", out var value)
            ? value.GetString()
            : null;

    /// <summary>A merge patch that sets <c>data.value</c>.</summary>
    public static string SetValue(string value) => $$$"""{"data":{"value":{{{JsonSerializer.Serialize(value, KubernetesJsonContext.Default.String)}}}}}""";

    /// <summary>An owner reference to <paramref name="owner"/>.</summary>
    public static OwnerReference OwnedBy(IKubernetesObject owner, bool blockOwnerDeletion = false) => new()
    {
        ApiVersion = owner.ApiVersion,
        Kind = owner.Kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        BlockOwnerDeletion = blockOwnerDeletion ? true : null,
    };

    private static JsonElement Data(string value)
    {
        using var document = JsonDocument.Parse(SetValue(value));
        return document.RootElement.GetProperty("data").Clone();
    }
}
