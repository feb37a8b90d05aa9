using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rollouts.Kubernetes.Tests.Client.Testing;

/// <summary>Throwaway certificates made per test: a CA, a server certificate it signs, a client certificate.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 CreateAuthority(string name = "test-ca")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public static X509Certificate2 CreateServer(X509Certificate2 authority, params string[] dnsNames) =>
        Issue(authority, "CN=kube-apiserver", "1.3.6.1.5.5.7.3.1", dnsNames);

    public static X509Certificate2 CreateClient(X509Certificate2 authority, string user = "alice") =>
        Issue(authority, $"CN={user}, O=devs", "1.3.6.1.5.5.7.3.2", []);

    /// <summary>PEM of a certificate and of its private key (PKCS#8).</summary>
    public static (string Certificate, string Key) ToPem(X509Certificate2 certificate) =>
        (certificate.ExportCertificatePem(), certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, string usage, string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (dnsNames.Length > 0)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                if (IPAddress.TryParse(name, out var address))
                {
                    names.AddIpAddress(address);
                }
                else
                {
                    names.AddDnsName(name);
                }
            }

            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), serial);
        return issued.CopyWithPrivateKey(key);
    }
}
