using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Hashing;

/// <summary>
/// The hash that names a ReplicaSet (<c>&lt;rollout&gt;-&lt;hash&gt;</c>) and labels its pods
/// (<see cref="RolloutLabels.PodTemplateHash"/>).
/// </summary>
/// <remarks>
/// The hash must stay the same across operator versions: if it changed, upgrading the operator would start an
/// update of every Rollout. So it is computed from what the user wrote and nothing else:
/// <list type="bullet">
/// <item>the template as JSON, in the canonical form of <see cref="CanonicalJson"/> (keys sorted, nulls left
/// out), so neither the order of fields nor the C# models (which fields are typed, which kept as unknown
/// fields) changes it; models keep every field nullable, so a field the user left out stays out;</item>
/// <item>no defaults injected, and the hash label itself left out of metadata.labels, so the template of a
/// ReplicaSet the operator made hashes to that ReplicaSet's hash;</item>
/// <item>SHA-256 of the canonical text as UTF-8, the first five bytes as ten lowercase hex digits.</item>
/// </list>
/// Tests pin the value for fixed templates: a change to any of these rules fails them.
/// </remarks>
public static class PodTemplateHash
{
    /// <summary>Characters of the hash: ten hex digits, 40 bits.</summary>
    public const int Length = 10;

    public static string Compute(PodTemplateSpec? template) => Digest(CanonicalText(template));

    /// <summary>The canonical text the hash is computed from, for diagnostics and tests.</summary>
    internal static string CanonicalText(PodTemplateSpec? template)
    {
        var json = JsonSerializer.SerializeToElement(template ?? new PodTemplateSpec(), KubernetesJsonContext.Default.PodTemplateSpec);
        return CanonicalJson.Write(json, static (path, name) =>
            name == RolloutLabels.PodTemplateHash && path is ["metadata", "labels"]);
    }

    private static string Digest(string canonical)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return Convert.ToHexStringLower(digest.AsSpan(0, Length / 2));
    }
}
