using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Client.Config;

namespace Rollouts.Testing;

/// <summary>Clients of the project's own Kubernetes client, connected to a <see cref="SandboxApi"/> through its kubeconfig.</summary>
public static class SandboxClients
{
    /// <summary>
    /// A client built from the sandbox's kubeconfig, as a user's would be. To put a handler of the
    /// test's own in the path, set <see cref="KubernetesClientOptions.Handler"/> to one that wraps
    /// <see cref="SandboxApi.TrustingHandler"/>.
    /// </summary>
    public static KubernetesApiClient CreateClient(this SandboxApi api, KubernetesClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        return new KubernetesApiClient(KubernetesConnection.FromKubeConfig([api.KubeconfigPath]), options);
    }
}
