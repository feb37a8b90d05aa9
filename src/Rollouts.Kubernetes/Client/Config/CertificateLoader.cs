using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rollouts.Kubernetes.Client.Config;

/// <summary>Loads the certificates a connection uses; <c>origin</c> names where they came from, for errors.</summary>
internal static class CertificateLoader
{
    /// <summary>One or more CA certificates, PEM (possibly a bundle) or DER.</summary>
    public static X509Certificate2Collection LoadAuthorities(byte[] content, string origin)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            var text = Encoding.UTF8.GetString(content);
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                collection.ImportFromPem(text);
            }
            else if (content.Length > 0)
            {
                collection.Add(X509CertificateLoader.LoadCertificate(content));
            }
        }
        catch (CryptographicException e)
        {
            throw new KubernetesConfigurationException($"{origin} is not a valid certificate: {e.Message}", e);
        }

        return collection.Count > 0 ? collection : throw new KubernetesConfigurationException($"{origin} holds no certificate.");
    }

    /// <summary>A client certificate with its private key, both PEM.</summary>
    public static X509Certificate2 LoadClientCertificate(byte[] certificate, byte[] key, string origin)
    {
        try
        {
            using var loaded = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(certificate), Encoding.UTF8.GetString(key));

            // An exportable copy: TLS on some platforms cannot use an ephemeral key directly.
            return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (CryptographicException e)
        {
            throw new KubernetesConfigurationException($"{origin}: the client certificate and key do not load as a PEM pair: {e.Message}", e);
        }
    }

    public static byte[] DecodeBase64(string value, string origin)
    {
        try
        {
            return Convert.FromBase64String(value.Trim());
        }
        catch (FormatException e)
        {
            throw new KubernetesConfigurationException($"{origin} is not valid base64.", e);
        }
    }

    public static byte[] ReadFile(string path, string origin)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubernetesConfigurationException($"{origin} '{path}' cannot be read: {e.Message}", e);
        }
    }
}
