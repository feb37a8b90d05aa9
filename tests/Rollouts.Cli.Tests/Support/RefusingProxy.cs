using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rollouts.Kubernetes.Client.Config;

namespace Rollouts.Cli.Tests.Support;

/// <summary>A request as the proxy saw it.</summary>
internal sealed record ProxiedRequest(string Method, string Path, string Body);

/// <summary>
/// A stand-in for RBAC, which the sandbox stores but does not enforce: an http proxy on 127.0.0.1 in front of the
/// sandbox's API server that answers the requests a test chooses with 403 Forbidden and the Status body a real API
/// server sends, and passes every other request on. <see cref="Kubeconfig"/> points kubectl and the plugin at it, with
/// the sandbox user's token.
/// </summary>
internal sealed class RefusingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;

    private RefusingProxy(WebApplication app, HttpClient upstream, string kubeconfig)
    {
        _app = app;
        _upstream = upstream;
        Kubeconfig = kubeconfig;
    }

    /// <summary>The path of a kubeconfig whose current context goes through the proxy.</summary>
    public string Kubeconfig { get; }

    public static async Task<RefusingProxy> StartAsync(string sandboxKubeconfig, string user, Func<ProxiedRequest, bool> refuse)
    {
        var sandbox = KubernetesConnection.FromKubeConfig([sandboxKubeconfig]);
        var token = await sandbox.Token!.GetTokenAsync(default);
        // The sandbox's own certificate, on 127.0.0.1: the proxy is test plumbing, not the client under test.
        var upstream = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } })
        {
            BaseAddress = sandbox.Server,
        };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var path = context.Request.Path.Value ?? "/";
            if (refuse(new ProxiedRequest(context.Request.Method, path, body)))
            {
                context.Response.StatusCode = 403;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(Forbidden(context.Request.Method, path, user), context.RequestAborted);
                return;
            }

            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), path + context.Request.QueryString.Value);
            if (body.Length > 0)
            {
                request.Content = new StringContent(body);
                request.Content.Headers.Remove("Content-Type");
                request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
            }

            foreach (var header in new[] { "Authorization", "Accept", "User-Agent" })
            {
                if (context.Request.Headers.TryGetValue(header, out var value))
                {
                    request.Headers.TryAddWithoutValidation(header, value.ToString());
                }
            }

            using var response = await upstream.SendAsync(request, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        await app.StartAsync();
        var url = app.Urls.Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        var kubeconfig = Path.Combine(Directory.CreateTempSubdirectory("rollouts-cli-proxy-").FullName, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: proxy
              cluster:
                server: {url}
            users:
            - name: {user}
              user:
                token: {token}
            contexts:
            - name: proxy
              context:
                cluster: proxy
                user: {user}
            current-context: proxy
            """);
        return new RefusingProxy(app, upstream, kubeconfig);
    }

    /// <summary>The Status a real API server answers when RBAC denies a request, e.g. <c>PATCH .../rollouts/web/status</c>.</summary>
    private static string Forbidden(string method, string path, string user)
    {
        // /apis/GROUP/VERSION/namespaces/NS/PLURAL/NAME[/SUBRESOURCE]
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var group = parts[0] == "api" ? "" : parts[1];
        var rest = parts[0] == "api" ? parts[2..] : parts[3..];
        var ns = rest.Length > 1 && rest[0] == "namespaces" ? rest[1] : null;
        rest = ns is null ? rest : rest[2..];
        var plural = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var resource = rest.Length > 2 ? $"{plural}/{rest[2]}" : plural;
        var verb = method switch { "PATCH" => "patch", "PUT" => "update", "POST" => "create", "DELETE" => "delete", _ => name is null ? "list" : "get" };
        var qualified = group.Length == 0 ? plural : $"{plural}.{group}";
        var message = $"{qualified}{(name is null ? "" : $" \"{name}\"")} is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{group}\""
            + (ns is null ? " at the cluster scope" : $" in the namespace \"{ns}\"");
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = "Forbidden",
            ["details"] = new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = plural },
            ["code"] = 403,
        }.ToJsonString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
        Directory.Delete(Path.GetDirectoryName(Kubeconfig)!, recursive: true);
    }
}
