using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Analysis;

/// <summary>
/// Where the Secrets a measurement needs come from: the operator reads them with its API client in the run's
/// namespace, <c>kubectl rollouts analyze</c> with the plugin's kubeconfig in the namespace of <c>-n</c>. Only a GET of
/// the one Secret named, never a list or a watch.
/// </summary>
public interface ISecretSource
{
    /// <summary>
    /// The Secret <paramref name="name"/>, that there is none, or why it could not be read. An implementation may also
    /// throw for a failure a retry can fix (the operator's reconcile retries on API errors).
    /// </summary>
    Task<SecretLookup> GetAsync(string name, CancellationToken cancellationToken);
}

/// <summary>What a <see cref="ISecretSource"/> found for one name.</summary>
/// <param name="Where">The Secret as messages name it: <c>namespace/name</c>.</param>
/// <param name="Secret">The Secret, when it was read.</param>
/// <param name="Refusal">Why it could not be read (forbidden, no cluster), said for the user of the host; null when read or not found.</param>
public sealed record SecretLookup(string Where, Secret? Secret, string? Refusal)
{
    public static SecretLookup Found(string where, Secret secret) => new(where, secret, null);

    public static SecretLookup NotFound(string where) => new(where, null, null);

    public static SecretLookup Refused(string where, string refusal) => new(where, null, refusal);
}
