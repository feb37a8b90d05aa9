using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Rollouts.Kubernetes.Client.Config;

/// <summary>Builds the HTTP handler for a connection: its CA trust, server name and client certificate.</summary>
internal static class ConnectionHandler
{
    public static HttpMessageHandler Create(KubernetesConnection connection)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            EnableMultipleHttp2Connections = true,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = ServerCertificateValidator.Create(
            connection.CertificateAuthority,
            connection.TlsServerName,
            connection.InsecureSkipTlsVerify);
        if (connection.Proxy is { } proxy)
        {
            handler.Proxy = new WebProxy(proxy);
            handler.UseProxy = true;
        }

        if (connection.ClientCertificate is { } certificate)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { certificate };
        }

        return handler;
    }
}
