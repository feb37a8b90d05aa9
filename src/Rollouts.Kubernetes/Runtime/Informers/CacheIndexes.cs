using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Runtime.Informers;

/// <summary>The values each object is indexed under in a <see cref="CacheSnapshot{T}"/>.</summary>
internal static class CacheIndexes
{
    /// <summary>Owner UIDs from <c>metadata.ownerReferences</c>.</summary>
    public static IReadOnlyCollection<string> Owners(IKubernetesObject obj) =>
        obj.Metadata.OwnerReferences is { Count: > 0 } owners
            ? owners.Select(o => o.Uid).OfType<string>().Where(uid => uid.Length > 0).Distinct(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>One <c>key=value</c> entry per label.</summary>
    public static IReadOnlyCollection<string> Labels(IKubernetesObject obj) =>
        obj.Metadata.Labels is { Count: > 0 } labels
            ? labels.Select(l => Label(l.Key, l.Value)).ToArray()
            : [];

    public static string Label(string key, string value) => $"{key}={value}";
}
