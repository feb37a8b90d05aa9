using Rollouts.Api.Analysis;

namespace Rollouts.Engine.Analysis;

/// <summary>
/// Reads the Secret keys one measurement pass needs (the operator: one reconcile of a run; the CLI: one
/// <c>analyze</c>) from an <see cref="ISecretSource"/>, each Secret at most once. Values are handed to the providers
/// only; they never reach status, events, logs or output.
/// </summary>
public sealed class SecretReader(ISecretSource source)
{
    private readonly Dictionary<string, SecretLookup> _read = new(StringComparer.Ordinal);

    /// <summary>
    /// The value of the Secret key <paramref name="reference"/> refers to, or why there is none (naming the
    /// Secret, the key and <paramref name="where"/> the reference is written).
    /// </summary>
    public async Task<Resolution> ValueAsync(SecretKeyReference? reference, string where, CancellationToken cancellationToken)
    {
        if (reference?.Name is not { Length: > 0 } name || reference.Key is not { Length: > 0 } key)
        {
            return Resolution.Failed($"{where}: secretKeyRef needs a name and a key");
        }

        if (!_read.TryGetValue(name, out var lookup))
        {
            lookup = await source.GetAsync(name, cancellationToken).ConfigureAwait(false);
            _read[name] = lookup;
        }

        if (lookup.Refusal is { } refusal)
        {
            return Resolution.Failed($"{where}: {refusal}");
        }

        if (lookup.Secret is not { } secret)
        {
            return Resolution.Failed($"{where}: Secret \"{lookup.Where}\" not found");
        }

        return secret.ValueOf(key) is { } value
            ? Resolution.Done(value)
            : Resolution.Failed($"{where}: Secret \"{lookup.Where}\" has no key \"{key}\"");
    }
}
