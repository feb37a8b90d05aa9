using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rollouts.Kubernetes.Runtime.Metrics;

namespace Rollouts.Sandbox.Traffic;

/// <summary>A plain-HTTP listener on 127.0.0.1 that serves the metrics text at <c>/metrics</c>, as a controller's metrics port does.</summary>
internal sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsEndpoint(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>http://127.0.0.1:PORT/metrics</summary>
    public Uri Url { get; }

    public static async Task<MetricsEndpoint> StartAsync(int port, Func<string> render, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(async context =>
        {
            if (context.Request.Path != "/metrics" || !HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync("Only GET /metrics is served here.\n", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            context.Response.ContentType = PrometheusTextWriter.ContentType;
            await context.Response.WriteAsync(render(), context.RequestAborted).ConfigureAwait(false);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var root = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return new MetricsEndpoint(app, new Uri(root, "/metrics"));
    }

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(deadline.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
