using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rollouts.Testing;

/// <summary>
/// A Kestrel server (http, or https with a given certificate) on a free 127.0.0.1 port that answers every request with a handler the test sets, and records
/// each request's method, path, query, headers and body (which the handler can still read).
/// </summary>
public sealed class FakeHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeHttpServer(WebApplication app, Func<HttpContext, Task> handler)
    {
        _app = app;
        Handler = handler;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Answers requests; may be replaced between requests.</summary>
    public Func<HttpContext, Task> Handler { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<FakeHttpServer> StartAsync(Func<HttpContext, Task> handler,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var server = new FakeHttpServer(app, handler);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            // The handler may read the body too (a form, a JSON document).
            context.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));
            server._requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            await server.Handler(context).ConfigureAwait(false);
        });
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Urls.Single();
        server.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>A handler that writes <paramref name="body"/> as JSON with <paramref name="status"/>.</summary>
    public static Func<HttpContext, Task> Json(string body, int status = 200) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);
