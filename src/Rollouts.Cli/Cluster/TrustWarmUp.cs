using System.Security.Cryptography.X509Certificates;

namespace Rollouts.Cli.Cluster;

/// <summary>
/// Loads the machine's certificate store on another thread while the command gets ready to connect. The TLS handshake
/// builds a certificate chain, and the first chain a process builds reads every root certificate of the machine
/// (tens of milliseconds), even when only the cluster's CA is trusted; done here, that reading overlaps with the rest of
/// start-up instead of holding up the first request.
/// </summary>
internal static class TrustWarmUp
{
    public static void Start(X509Certificate2Collection? authorities)
    {
        if (authorities is not { Count: > 0 })
        {
            return;
        }

        var certificate = authorities[0];
        _ = Task.Run(() =>
        {
            try
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.CustomTrustStore.Add(certificate);
                chain.Build(certificate);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                // Only a head start: the handshake meets and reports any real problem.
            }
        });
    }
}
