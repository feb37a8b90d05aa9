using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Rollouts.Kubernetes.Client.Config;

/// <summary>
/// Decides whether to trust the API server's certificate. With a cluster CA, only a chain that ends
/// in that CA is trusted (the machine's roots are not consulted); without one, the machine's roots
/// decide. The certificate must name the server: its URL host, or the configured tls-server-name.
/// </summary>
internal static class ServerCertificateValidator
{
    public static RemoteCertificateValidationCallback Create(X509Certificate2Collection? authorities, string? serverName, bool insecureSkipVerify) =>
        (_, certificate, chain, errors) => Validate(certificate as X509Certificate2, chain, errors, authorities, serverName, insecureSkipVerify);

    public static bool Validate(
        X509Certificate2? certificate,
        X509Chain? presented,
        SslPolicyErrors errors,
        X509Certificate2Collection? authorities,
        string? serverName,
        bool insecureSkipVerify)
    {
        if (insecureSkipVerify)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        var nameMatches = serverName is null
            ? !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
            : certificate.MatchesHostname(serverName, allowWildcards: true, allowCommonName: false);
        if (!nameMatches)
        {
            return false;
        }

        if (authorities is not { Count: > 0 })
        {
            return !errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors);
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.ExtraStore.AddRange(authorities);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }
}
