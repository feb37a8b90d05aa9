namespace Rollouts.Kubernetes.Client.Config;

/// <summary>What a pod sees of its service account: the API server's address and the mounted files.</summary>
public sealed record InClusterEnvironment
{
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>KUBERNETES_SERVICE_HOST.</summary>
    public string? ServiceHost { get; init; }

    /// <summary>KUBERNETES_SERVICE_PORT.</summary>
    public string? ServicePort { get; init; }

    public string TokenPath { get; init; } = $"{ServiceAccountDirectory}/token";

    public string CertificateAuthorityPath { get; init; } = $"{ServiceAccountDirectory}/ca.crt";

    public string NamespacePath { get; init; } = $"{ServiceAccountDirectory}/namespace";

    /// <summary>True when the process runs in a pod: the service host and port are set.</summary>
    public bool IsAvailable => !string.IsNullOrWhiteSpace(ServiceHost) && !string.IsNullOrWhiteSpace(ServicePort);

    /// <summary>The environment of this process, with the standard mount paths.</summary>
    public static InClusterEnvironment FromProcess() => new()
    {
        ServiceHost = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"),
        ServicePort = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"),
    };
}

internal static class InClusterLoader
{
    public static KubernetesConnection Load(InClusterEnvironment environment, TimeProvider time)
    {
        if (!environment.IsAvailable)
        {
            throw new KubernetesConfigurationException(
                "Not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set.");
        }

        if (!File.Exists(environment.TokenPath))
        {
            throw new KubernetesConfigurationException(
                $"In-cluster service-account token '{environment.TokenPath}' does not exist; is automountServiceAccountToken disabled?");
        }

        var host = environment.ServiceHost!.Trim();
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }

        if (!Uri.TryCreate($"https://{host}:{environment.ServicePort!.Trim()}", UriKind.Absolute, out var server))
        {
            throw new KubernetesConfigurationException(
                $"KUBERNETES_SERVICE_HOST '{environment.ServiceHost}' and KUBERNETES_SERVICE_PORT '{environment.ServicePort}' do not form a valid address.");
        }

        var ca = CertificateLoader.LoadAuthorities(
            CertificateLoader.ReadFile(environment.CertificateAuthorityPath, "In-cluster CA file"),
            $"In-cluster CA file '{environment.CertificateAuthorityPath}'");
        var ns = File.Exists(environment.NamespacePath) ? File.ReadAllText(environment.NamespacePath).Trim() : "";

        return new KubernetesConnection
        {
            Server = server,
            Namespace = ns.Length == 0 ? "default" : ns,
            CertificateAuthority = ca,
            Token = new TokenFileSource(environment.TokenPath, time),
        };
    }
}
