using System.Security.Cryptography.X509Certificates;

namespace Rollouts.Kubernetes.Client.Config;

/// <summary>Turns the cluster and user a kubeconfig context names into a <see cref="KubernetesConnection"/>.</summary>
internal static class KubeConfigConnection
{
    public static KubernetesConnection Build(
        string contextName,
        string? @namespace,
        string clusterName,
        (KubeCluster Cluster, string File) cluster,
        string? userName,
        (KubeUser User, string File)? user,
        TimeProvider time)
    {
        var (kubeCluster, clusterFile) = cluster;
        var clusterOrigin = $"Cluster '{clusterName}' in '{clusterFile}'";
        if (string.IsNullOrWhiteSpace(kubeCluster.Server))
        {
            throw new KubernetesConfigurationException($"{clusterOrigin} has no server.");
        }

        if (!Uri.TryCreate(kubeCluster.Server, UriKind.Absolute, out var server) || server.Scheme is not ("https" or "http"))
        {
            throw new KubernetesConfigurationException($"{clusterOrigin}: server '{kubeCluster.Server}' is not an http(s) URL.");
        }

        var authorities = LoadAuthorities(kubeCluster, clusterOrigin);
        if (authorities is not null && kubeCluster.InsecureSkipTlsVerify)
        {
            throw new KubernetesConfigurationException(
                $"{clusterOrigin} sets both a certificate authority and insecure-skip-tls-verify; keep one.");
        }

        Uri? proxy = null;
        if (!string.IsNullOrWhiteSpace(kubeCluster.ProxyUrl)
            && (!Uri.TryCreate(kubeCluster.ProxyUrl, UriKind.Absolute, out proxy) || proxy.Scheme is not ("http" or "https" or "socks5")))
        {
            throw new KubernetesConfigurationException($"{clusterOrigin}: proxy-url '{kubeCluster.ProxyUrl}' is not an http, https or socks5 URL.");
        }

        X509Certificate2? clientCertificate = null;
        ITokenSource? token = null;
        if (user is var (kubeUser, userFile))
        {
            var userOrigin = $"User '{userName}' in '{userFile}'";
            clientCertificate = LoadClientCertificate(kubeUser, userOrigin);
            token = CreateTokenSource(kubeUser, userOrigin, kubeCluster, server, time);
            if (clientCertificate is null && token is null && (kubeUser.Username is not null || kubeUser.AuthProvider is not null))
            {
                throw new KubernetesConfigurationException(
                    $"{userOrigin} uses {(kubeUser.AuthProvider is not null ? "an auth-provider" : "a username and password")}, which is not supported; use a token, tokenFile, client certificate or exec plugin.");
            }
        }

        return new KubernetesConnection
        {
            Server = server,
            Namespace = string.IsNullOrWhiteSpace(@namespace) ? "default" : @namespace,
            ContextName = contextName,
            CertificateAuthority = authorities,
            InsecureSkipTlsVerify = kubeCluster.InsecureSkipTlsVerify,
            TlsServerName = string.IsNullOrWhiteSpace(kubeCluster.TlsServerName) ? null : kubeCluster.TlsServerName,
            Proxy = proxy,
            ClientCertificate = clientCertificate,
            Token = token,
        };
    }

    private static X509Certificate2Collection? LoadAuthorities(KubeCluster cluster, string origin)
    {
        if (!string.IsNullOrWhiteSpace(cluster.CertificateAuthorityData))
        {
            var what = $"{origin}: certificate-authority-data";
            return CertificateLoader.LoadAuthorities(CertificateLoader.DecodeBase64(cluster.CertificateAuthorityData, what), what);
        }

        if (!string.IsNullOrWhiteSpace(cluster.CertificateAuthority))
        {
            var what = $"{origin}: certificate-authority";
            return CertificateLoader.LoadAuthorities(CertificateLoader.ReadFile(cluster.CertificateAuthority, what), $"{what} '{cluster.CertificateAuthority}'");
        }

        return null;
    }

    private static X509Certificate2? LoadClientCertificate(KubeUser user, string origin)
    {
        var certificate = Material(user.ClientCertificateData, user.ClientCertificate, $"{origin}: client-certificate");
        var key = Material(user.ClientKeyData, user.ClientKey, $"{origin}: client-key");
        return (certificate, key) switch
        {
            (null, null) => null,
            (not null, null) => throw new KubernetesConfigurationException($"{origin} has a client certificate but no client-key or client-key-data."),
            (null, not null) => throw new KubernetesConfigurationException($"{origin} has a client key but no client-certificate or client-certificate-data."),
            _ => CertificateLoader.LoadClientCertificate(certificate, key, origin),
        };
    }

    /// <summary>Inline <c>-data</c> (base64) wins over the file path, as in kubectl.</summary>
    private static byte[]? Material(string? data, string? path, string origin) =>
        !string.IsNullOrWhiteSpace(data) ? CertificateLoader.DecodeBase64(data, $"{origin}-data")
        : !string.IsNullOrWhiteSpace(path) ? CertificateLoader.ReadFile(path, origin)
        : null;

    /// <summary>An inline token wins over tokenFile, which wins over an exec plugin.</summary>
    private static ITokenSource? CreateTokenSource(KubeUser user, string origin, KubeCluster cluster, Uri server, TimeProvider time)
    {
        if (!string.IsNullOrWhiteSpace(user.Token))
        {
            return new StaticTokenSource(user.Token.Trim());
        }

        if (!string.IsNullOrWhiteSpace(user.TokenFile))
        {
            return new TokenFileSource(user.TokenFile, time);
        }

        return user.Exec is { } exec ? ExecCredentialSource.Create(exec, origin, cluster, server, time) : null;
    }
}
