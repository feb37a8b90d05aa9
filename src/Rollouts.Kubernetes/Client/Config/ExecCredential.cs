using System.Text.Json.Serialization;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Client.Config;

/// <summary>
/// The ExecCredential document of client.authentication.k8s.io: sent to a credential plugin in
/// KUBERNETES_EXEC_INFO (with <see cref="Spec"/>), and read back from its standard output (with <see cref="Status"/>).
/// </summary>
internal sealed record ExecCredential
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public ExecCredentialSpec? Spec { get; init; }

    public ExecCredentialStatus? Status { get; init; }
}

internal sealed record ExecCredentialSpec
{
    public bool Interactive { get; init; }

    public ExecCluster? Cluster { get; init; }
}

/// <summary>The cluster the plugin authenticates to, sent when <c>provideClusterInfo</c> is true.</summary>
internal sealed record ExecCluster
{
    public string? Server { get; init; }

    [JsonPropertyName("tls-server-name")]
    public string? TlsServerName { get; init; }

    [JsonPropertyName("insecure-skip-tls-verify")]
    public bool InsecureSkipTlsVerify { get; init; }

    [JsonPropertyName("certificate-authority-data")]
    public string? CertificateAuthorityData { get; init; }
}

internal sealed record ExecCredentialStatus
{
    public string? Token { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? ExpirationTimestamp { get; init; }

    public string? ClientCertificateData { get; init; }

    public string? ClientKeyData { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExecCredential))]
internal sealed partial class ExecCredentialJsonContext : JsonSerializerContext;
