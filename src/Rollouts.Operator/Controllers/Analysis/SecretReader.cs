using Rollouts.Api.Analysis;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Operator.Controllers.Analysis;

/// <summary>
/// Reads the Secrets one reconcile of a run needs, by GET of each one named (never a list or a watch), at most
/// once per reconcile. Values are handed to the providers only; they never reach status, events or logs.
/// </summary>
internal sealed class SecretReader(IResourceClient<Secret> secrets, string @namespace)
{
    private readonly Dictionary<string, Secret?> _read = new(StringComparer.Ordinal);

    /// <summary>
    /// The value of the Secret key <paramref name="reference"/> refers to, or why there is none (naming the
    /// Secret, the key and <paramref name="where"/> the reference is written).
    /// </summary>
    /// <exception cref="KubernetesApiException">The API failed other than with NotFound or Forbidden; the reconcile retries.</exception>
    public async Task<Resolution> ValueAsync(SecretKeyReference? reference, string where, CancellationToken cancellationToken)
    {
        if (reference?.Name is not { Length: > 0 } name || reference.Key is not { Length: > 0 } key)
        {
            return Resolution.Failed($"{where}: secretKeyRef needs a name and a key");
        }

        if (!_read.TryGetValue(name, out var secret))
        {
            try
            {
                secret = await secrets.GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
            }
            catch (NotFoundException)
            {
                secret = null;
            }
            catch (ForbiddenException)
            {
                return Resolution.Failed($"{where}: the operator may not read Secret \"{@namespace}/{name}\" (forbidden); grant it get on secrets");
            }

            _read[name] = secret;
        }

        if (secret is null)
        {
            return Resolution.Failed($"{where}: Secret \"{@namespace}/{name}\" not found");
        }

        return secret.ValueOf(key) is { } value
            ? Resolution.Done(value)
            : Resolution.Failed($"{where}: Secret \"{@namespace}/{name}\" has no key \"{key}\"");
    }
}

/// <summary>A value the operator worked out for a measurement, or why it could not (a message for the run's status).</summary>
internal readonly record struct Resolution(string? Value, string? Error)
{
    public static Resolution Done(string value) => new(value, null);

    public static Resolution Failed(string error) => new(null, error);
}
