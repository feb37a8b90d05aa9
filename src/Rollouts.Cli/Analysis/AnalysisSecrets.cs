using Rollouts.Api.Analysis;
using Rollouts.Cli.Cluster;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Analysis;

/// <summary>
/// The Secrets <c>analyze</c> reads for arguments written as <c>valueFrom.secretKeyRef</c>, by GET of each one named in
/// the namespace of <c>-n</c> (or the context's), as the operator reads them at measure time. The cluster is reached
/// only when such an argument has no <c>--arg</c>. Values go to the provider only, never to the output.
/// </summary>
internal sealed class AnalysisSecrets(Func<ClusterSession> open) : IDisposable
{
    private readonly Dictionary<string, Secret?> _read = new(StringComparer.Ordinal);
    private ClusterSession? _session;

    /// <summary>The value of <paramref name="reference"/> for the argument <paramref name="argument"/>; a clear error when it cannot be read.</summary>
    public async Task<string> ValueAsync(string argument, SecretKeyReference reference, CancellationToken cancellationToken)
    {
        _session ??= open();
        var ns = _session.Namespace;
        var name = reference.Name ?? "";
        var key = reference.Key ?? "";
        var where = $"argument {argument} (valueFrom.secretKeyRef)";
        var instead = $"create it or pass --arg {argument}=VALUE";
        if (!_read.TryGetValue(name, out var secret))
        {
            try
            {
                secret = await _session.Client.Resource<Secret>().GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
            }
            catch (NotFoundException)
            {
                secret = null;
            }
            catch (ForbiddenException)
            {
                throw new CliException($"{where}: you may not get Secret \"{ns}/{name}\" (forbidden); pass --arg {argument}=VALUE");
            }

            _read[name] = secret;
        }

        if (secret is null)
        {
            throw new CliException($"{where}: Secret \"{ns}/{name}\" not found; {instead}");
        }

        return secret.ValueOf(key) ?? throw new CliException($"{where}: Secret \"{ns}/{name}\" has no key \"{key}\"; {instead}");
    }

    public void Dispose() => _session?.Dispose();
}
