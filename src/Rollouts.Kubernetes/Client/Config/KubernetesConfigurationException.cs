namespace Rollouts.Kubernetes.Client.Config;

/// <summary>
/// The connection cannot be set up as configured: a kubeconfig problem (missing context, unreadable
/// certificate, ...), missing in-cluster files, or a credential plugin that failed. The message says
/// what to fix and where.
/// </summary>
public sealed class KubernetesConfigurationException : Exception
{
    public KubernetesConfigurationException(string message)
        : base(message)
    {
    }

    public KubernetesConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
