using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Client.Config;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Tests.Client.Testing;

namespace Rollouts.Kubernetes.Tests.Client.Config;

/// <summary>Real TLS handshakes against a one-request HTTPS server on the loopback interface.</summary>
public sealed class ConnectionHandlerTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly X509Certificate2 _clusterCa = TestCertificates.CreateAuthority("cluster-ca");
    private readonly X509Certificate2 _client;

    public ConnectionHandlerTests()
    {
        _client = TestCertificates.CreateClient(_clusterCa, "alice");
    }

    public void Dispose()
    {
        _clusterCa.Dispose();
        _client.Dispose();
    }

    [Fact]
    public async Task The_client_trusts_the_cluster_ca_and_presents_its_certificate()
    {
        using var serverCertificate = TestCertificates.CreateServer(_clusterCa, "127.0.0.1");
        await using var server = await LoopbackServer.StartAsync(serverCertificate);
        using var client = Client(server.Port, _clusterCa, tlsServerName: null);

        var pod = await client.Resource<Pod>().GetAsync("shop", "web").WaitAsync(Deadline);

        Assert.Equal("web", pod.Metadata.Name);
        Assert.Equal("CN=alice, O=devs", await server.ClientSubject.WaitAsync(Deadline));
    }

    [Fact]
    public async Task A_server_certificate_from_another_ca_fails_the_handshake()
    {
        using var otherCa = TestCertificates.CreateAuthority("other-ca");
        using var serverCertificate = TestCertificates.CreateServer(otherCa, "127.0.0.1");
        await using var server = await LoopbackServer.StartAsync(serverCertificate);
        using var client = Client(server.Port, _clusterCa, tlsServerName: null);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.Resource<Pod>().GetAsync("shop", "web").WaitAsync(Deadline));

        Assert.Equal(HttpRequestError.SecureConnectionError, error.HttpRequestError);
    }

    [Fact]
    public async Task Tls_server_name_lets_a_certificate_without_the_address_be_trusted()
    {
        using var serverCertificate = TestCertificates.CreateServer(_clusterCa, "kubernetes.default.svc");
        await using var server = await LoopbackServer.StartAsync(serverCertificate);
        using var client = Client(server.Port, _clusterCa, tlsServerName: "kubernetes.default.svc");

        var pod = await client.Resource<Pod>().GetAsync("shop", "web").WaitAsync(Deadline);

        Assert.Equal("web", pod.Metadata.Name);
    }

    private KubernetesApiClient Client(int port, X509Certificate2 ca, string? tlsServerName) => new(
        new KubernetesConnection
        {
            Server = new Uri($"https://127.0.0.1:{port}"),
            CertificateAuthority = [ca],
            TlsServerName = tlsServerName,
            ClientCertificate = _client,
        },
        new KubernetesClientOptions { Retry = new RetryPolicy { MaxRetries = 0 } });

    private sealed class LoopbackServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly X509Certificate2 _certificate;
        private readonly TaskCompletionSource<string> _clientSubject = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _stop = new();
        private Task _serving = Task.CompletedTask;

        private LoopbackServer(X509Certificate2 certificate)
        {
            // A PKCS#12 copy: TLS servers on some platforms cannot use an ephemeral key.
            _certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
            _listener = new TcpListener(IPAddress.Loopback, 0);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task<string> ClientSubject => _clientSubject.Task;

        public static Task<LoopbackServer> StartAsync(X509Certificate2 certificate)
        {
            var server = new LoopbackServer(certificate);
            server._listener.Start();
            server._serving = server.ServeOneAsync();
            return Task.FromResult(server);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _serving;
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or AuthenticationException)
            {
                // The client may have hung up on purpose (a refused certificate).
            }

            _stop.Dispose();
            _certificate.Dispose();
        }

        private async Task ServeOneAsync()
        {
            using var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
            await using var tls = new SslStream(socket.GetStream());
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                },
                _stop.Token);
            _clientSubject.TrySetResult(tls.RemoteCertificate?.Subject ?? "");

            var request = new StringBuilder();
            var buffer = new byte[4096];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await tls.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            var body = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop"}}""";
            var response = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
            await tls.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
        }
    }
}
