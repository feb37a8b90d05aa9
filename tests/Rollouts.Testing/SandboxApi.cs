using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer;

namespace Rollouts.Testing;

/// <summary>
/// A running in-memory API server for one test (or one test class), with a kubeconfig, an authenticated
/// HttpClient, and a kubectl bound to it with a fresh discovery cache.
/// </summary>
public sealed class SandboxApi : IAsyncDisposable
{
    private readonly string _directory;

    private SandboxApi(ApiServer server, string directory)
    {
        Server = server;
        _directory = directory;
        KubeconfigPath = server.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
        Http = new HttpClient(TrustingHandler(server), disposeHandler: true) { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        Kubectl = new Kubectl(KubeconfigPath, Path.Combine(directory, "kube-cache"));
    }

    public ApiServer Server { get; }
    public string KubeconfigPath { get; }
    public HttpClient Http { get; }
    public Kubectl Kubectl { get; }

    /// <summary>An HTTP handler that trusts the server's own CA and nothing else.</summary>
    public static HttpMessageHandler TrustingHandler(ApiServer server) => new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => server.Certificates.Validates(certificate as System.Security.Cryptography.X509Certificates.X509Certificate2) },
    };

    public static async Task<SandboxApi> StartAsync(ApiServerOptions? options = null)
    {
        var directory = Directory.CreateTempSubdirectory("rollouts-sandbox-").FullName;
        var server = new ApiServer(options ?? new ApiServerOptions());
        await server.StartAsync().ConfigureAwait(false);
        return new SandboxApi(server, directory);
    }

    /// <summary>Sends a request with a JSON body (or none) and returns the status code and parsed body.</summary>
    public async Task<(int Code, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Http.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public Task<(int Code, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(int Code, JsonNode? Body)> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body.ToJsonString());

    public Task<(int Code, JsonNode? Body)> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body.ToJsonString());

    public Task<(int Code, JsonNode? Body)> PatchAsync(string path, string body, string contentType = "application/merge-patch+json") =>
        SendAsync(HttpMethod.Patch, path, body, contentType);

    public Task<(int Code, JsonNode? Body)> DeleteAsync(string path, JsonNode? body = null) =>
        SendAsync(HttpMethod.Delete, path, body?.ToJsonString());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
