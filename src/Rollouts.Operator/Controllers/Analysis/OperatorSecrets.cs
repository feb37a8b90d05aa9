using Rollouts.Engine.Analysis;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Operator.Controllers.Analysis;

/// <summary>
/// The operator's Secrets for one reconcile of a run: a GET of each one named, in the run's namespace. NotFound and
/// Forbidden are answers; any other API failure is thrown, and the reconcile retries.
/// </summary>
internal sealed class OperatorSecrets(IResourceClient<Secret> secrets, string @namespace) : ISecretSource
{
    /// <exception cref="KubernetesApiException">The API failed other than with NotFound or Forbidden.</exception>
    public async Task<SecretLookup> GetAsync(string name, CancellationToken cancellationToken)
    {
        var where = $"{@namespace}/{name}";
        try
        {
            return SecretLookup.Found(where, await secrets.GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false));
        }
        catch (NotFoundException)
        {
            return SecretLookup.NotFound(where);
        }
        catch (ForbiddenException)
        {
            return SecretLookup.Refused(where, $"the operator may not read Secret \"{where}\" (forbidden); grant it get on secrets");
        }
    }
}
