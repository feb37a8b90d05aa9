using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Runtime.Informers;

/// <summary>
/// Metadata as an informer's transform caches it: without the server's and kubectl's bookkeeping, which no
/// controller reads and which is often the larger part of a small object.
/// </summary>
/// <remarks>
/// Dropping <c>metadata.managedFields</c> is safe even for an object that is later replaced whole: the API server
/// keeps the stored managedFields when a write leaves the field out. The last-applied annotation is not kept by the
/// server that way, so it is only dropped from objects that are never sent back with a replace.
/// </remarks>
public static class CachedMetadata
{
    /// <summary>The annotation <c>kubectl apply</c> keeps its last input in: the whole object again, as JSON.</summary>
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>The field of <c>metadata</c> server-side apply records field owners in.</summary>
    public const string ManagedFieldsKey = "managedFields";

    /// <summary>
    /// <paramref name="metadata"/> without <c>managedFields</c> and, when <paramref name="lastApplied"/> is false,
    /// without the last-applied annotation; the same instance when it holds neither.
    /// </summary>
    public static ObjectMeta Trim(ObjectMeta metadata, bool lastApplied = false)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var unknown = metadata.UnknownFields;
        var dropFields = unknown?.ContainsKey(ManagedFieldsKey) == true;
        var dropAnnotation = !lastApplied && metadata.Annotations?.ContainsKey(LastAppliedAnnotation) == true;
        if (!dropFields && !dropAnnotation)
        {
            return metadata;
        }

        return metadata with
        {
            Annotations = dropAnnotation ? Without(metadata.Annotations!, LastAppliedAnnotation) : metadata.Annotations,
            UnknownFields = dropFields ? Without(unknown!, ManagedFieldsKey) : unknown,
        };
    }

    private static Dictionary<string, TValue>? Without<TValue>(IEnumerable<KeyValuePair<string, TValue>> values, string key)
    {
        var kept = values.Where(p => !string.Equals(p.Key, key, StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal);
        return kept.Count == 0 ? null : kept;
    }
}
