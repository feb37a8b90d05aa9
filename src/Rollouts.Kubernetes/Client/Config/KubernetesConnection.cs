using System.Security.Cryptography.X509Certificates;

namespace Rollouts.Kubernetes.Client.Config;

/// <summary>
/// Where the API server is and how to authenticate to it, resolved from a kubeconfig context or
/// from the pod's service account. Pass it to <see cref="KubernetesApiClient"/>.
/// </summary>
public sealed record KubernetesConnection
{
    /// <summary>The API server, e.g. <c>https://10.96.0.1:443</c>; a path prefix is kept.</summary>
    public required Uri Server { get; init; }

    /// <summary>The namespace of the kubeconfig context or of the service account; <c>default</c> otherwise.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>The kubeconfig context this came from; null in-cluster.</summary>
    public string? ContextName { get; init; }

    /// <summary>When set, the only certificates trusted as roots of the server's chain.</summary>
    public X509Certificate2Collection? CertificateAuthority { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The name the server certificate must carry, when it differs from the server's host.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>Proxy for every request (http, https or socks5); when null, the HTTPS_PROXY/NO_PROXY variables apply.</summary>
    public Uri? Proxy { get; init; }

    /// <summary>Client certificate (with its private key) presented during the TLS handshake.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Bearer token for every request, when the credentials are a token.</summary>
    public ITokenSource? Token { get; init; }

    /// <summary>
    /// Resolves the connection as kubectl does: <paramref name="kubeconfigPath"/> (<c>--kubeconfig</c>)
    /// when given; else the files in <c>KUBECONFIG</c>, merged with the first value of each key
    /// winning; else <c>~/.kube/config</c>; else the in-cluster service account. The context is
    /// <paramref name="context"/> (<c>--context</c>) or the kubeconfig's current-context.
    /// </summary>
    public static KubernetesConnection Load(string? kubeconfigPath = null, string? context = null, TimeProvider? timeProvider = null) =>
        KubeConfigLoader.Load(kubeconfigPath, context, KubeConfigLookup.FromProcess(), timeProvider ?? TimeProvider.System);

    /// <summary>Reads and merges the given kubeconfig files (the first value of each key wins) and resolves the context.</summary>
    public static KubernetesConnection FromKubeConfig(IEnumerable<string> paths, string? context = null, TimeProvider? timeProvider = null) =>
        KubeConfigLoader.FromFiles([.. paths], context, timeProvider ?? TimeProvider.System);

    /// <summary>
    /// The pod's service account: server from KUBERNETES_SERVICE_HOST/PORT, the mounted CA and
    /// namespace, and the token file, read again as it rotates.
    /// </summary>
    public static KubernetesConnection InCluster(InClusterEnvironment? environment = null, TimeProvider? timeProvider = null) =>
        InClusterLoader.Load(environment ?? InClusterEnvironment.FromProcess(), timeProvider ?? TimeProvider.System);
}
