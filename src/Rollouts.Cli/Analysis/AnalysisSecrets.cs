using Rollouts.Cli.Cluster;
using Rollouts.Engine.Analysis;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Analysis;

/// <summary>
/// The Secrets <c>analyze</c> reads (arguments written as <c>valueFrom.secretKeyRef</c> without an <c>--arg</c>,
/// Prometheus credentials, CA certificates): a GET of each one named, in the namespace of <c>-n</c> (or the
/// context's), as the operator reads them at measure time. The cluster is reached only when a Secret is needed.
/// What keeps a Secret from being read (forbidden, no kubeconfig, no server) is an answer, which the Engine's
/// <see cref="SecretReader"/> turns into a message naming the field.
/// </summary>
internal sealed class AnalysisSecrets(Func<ClusterSession> open) : ISecretSource, IDisposable
{
    private ClusterSession? _session;
    private string? _unreachable;

    public async Task<SecretLookup> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (_session is null && _unreachable is null)
        {
            try
            {
                _session = open();
            }
            catch (Exception e) when (ApiErrorText.Describe(e) is { } why)
            {
                _unreachable = why;
            }
        }

        if (_session is null)
        {
            return SecretLookup.Refused(name, $"no cluster to read Secret \"{name}\" from: {_unreachable}");
        }

        var where = $"{_session.Namespace}/{name}";
        try
        {
            return SecretLookup.Found(where, await _session.Client.Resource<Secret>().GetAsync(_session.Namespace, name, cancellationToken).ConfigureAwait(false));
        }
        catch (NotFoundException)
        {
            return SecretLookup.NotFound(where);
        }
        catch (ForbiddenException)
        {
            return SecretLookup.Refused(where, $"you may not get Secret \"{where}\" (forbidden)");
        }
        catch (Exception e) when (e is not OperationCanceledException && ApiErrorText.Describe(e) is { } why)
        {
            return SecretLookup.Refused(where, $"cannot read Secret \"{where}\": {why}");
        }
    }

    public void Dispose() => _session?.Dispose();
}
