using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rollouts.Kubernetes.Runtime.Metrics;

namespace Rollouts.Operator.Hosting;

/// <summary>
/// The operator's plain-HTTP endpoints: <c>/metrics</c> (Prometheus text format) on the metrics address, and
/// <c>/healthz</c> and <c>/readyz</c> on the probe address (200 with <c>ok</c>, or 503 with a one-line reason).
/// Either address may be off; when both are the same, one listener serves all three paths.
/// </summary>
/// <example>
/// <code>
/// await using var probes = await ProbeServer.StartAsync(new ProbeServerOptions { WriteMetrics = collector.WriteTo }, stopping);
/// Console.WriteLine(probes.MetricsUrl); // http://127.0.0.1:8080/metrics
/// </code>
/// </example>
public sealed class ProbeServer : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly List<WebApplication> _apps;
    private int _stopped;

    private ProbeServer(List<WebApplication> apps, Uri? metricsUrl, Uri? healthUrl, Uri? readyUrl)
    {
        _apps = apps;
        MetricsUrl = metricsUrl;
        HealthUrl = healthUrl;
        ReadyUrl = readyUrl;
    }

    /// <summary>The bound <c>/metrics</c> URL as reachable from this machine (e.g. <c>http://127.0.0.1:40123/metrics</c>); null when off.</summary>
    public Uri? MetricsUrl { get; }

    /// <summary>The bound <c>/healthz</c> URL; null when probes are off.</summary>
    public Uri? HealthUrl { get; }

    /// <summary>The bound <c>/readyz</c> URL; null when probes are off.</summary>
    public Uri? ReadyUrl { get; }

    /// <summary>Binds the listeners and starts serving.</summary>
    /// <exception cref="FormatException">An address is not valid; the message names the option.</exception>
    /// <exception cref="IOException">An address could not be bound (in use, not on this machine).</exception>
    public static async Task<ProbeServer> StartAsync(ProbeServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var metrics = BindAddress.Parse(options.MetricsAddress, "metrics bind address");
        var probes = BindAddress.Parse(options.ProbeAddress, "health probe bind address");
        var shared = metrics is not null && metrics == probes && metrics.Port != 0;

        var apps = new List<WebApplication>();
        try
        {
            Uri? metricsRoot = null;
            Uri? probeRoot = null;
            if (metrics is not null)
            {
                metricsRoot = await StartAppAsync(apps, metrics, options, serveMetrics: true, serveProbes: shared, cancellationToken).ConfigureAwait(false);
            }

            if (shared)
            {
                probeRoot = metricsRoot;
            }
            else if (probes is not null)
            {
                probeRoot = await StartAppAsync(apps, probes, options, serveMetrics: false, serveProbes: true, cancellationToken).ConfigureAwait(false);
            }

            return new ProbeServer(
                apps,
                metricsRoot is null ? null : new Uri(metricsRoot, "/metrics"),
                probeRoot is null ? null : new Uri(probeRoot, "/healthz"),
                probeRoot is null ? null : new Uri(probeRoot, "/readyz"));
        }
        catch
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Stops accepting connections and lets requests in flight finish (for a few seconds at most).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(StopGrace);
        foreach (var app in _apps)
        {
            await app.StopAsync(grace.Token).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        foreach (var app in _apps)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<Uri> StartAppAsync(
        List<WebApplication> apps, BindAddress bind, ProbeServerOptions options, bool serveMetrics, bool serveProbes, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            switch (bind)
            {
                case { Address: null }:
                    kestrel.ListenAnyIP(bind.Port, Http1);
                    break;
                case { Localhost: true }:
                    kestrel.ListenLocalhost(bind.Port, Http1);
                    break;
                default:
                    kestrel.Listen(bind.Address!, bind.Port, Http1);
                    break;
            }
        });
        var app = builder.Build();
        apps.Add(app);
        app.Run(context => ServeAsync(context, options, serveMetrics, serveProbes));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            throw new IOException($"Could not listen on {bind}: {e.Message}", e);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var port = bound is null ? bind.Port : new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
        return new Uri($"http://{bind.LocalHost}:{port}/");
    }

    private static void Http1(ListenOptions listen) => listen.Protocols = HttpProtocols.Http1;

    private static async Task ServeAsync(HttpContext context, ProbeServerOptions options, bool serveMetrics, bool serveProbes)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Path.Value ?? "";
        var known = (serveMetrics && path == "/metrics") || (serveProbes && path is "/healthz" or "/readyz");
        if (!known)
        {
            await PlainAsync(response, StatusCodes.Status404NotFound, $"{path} is not served here; try {Paths(serveMetrics, serveProbes)}.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.Headers.Allow = "GET, HEAD";
            await PlainAsync(response, StatusCodes.Status405MethodNotAllowed, $"{path} answers GET and HEAD only.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (path == "/metrics")
        {
            var writer = new PrometheusTextWriter();
            options.WriteMetrics(writer);
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = PrometheusTextWriter.ContentType;
            response.Headers.CacheControl = "no-store";
            if (!HttpMethods.IsHead(request.Method))
            {
                await response.WriteAsync(writer.ToString(), context.RequestAborted).ConfigureAwait(false);
            }

            return;
        }

        ProbeStatus status;
        try
        {
            status = path == "/healthz" ? options.Liveness() : options.Readiness();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            status = ProbeStatus.Failing($"the check threw {e.GetType().Name}: {e.Message}");
        }

        await PlainAsync(
            response,
            status.IsOk ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            status.Reason,
            context.RequestAborted,
            writeBody: !HttpMethods.IsHead(request.Method)).ConfigureAwait(false);
    }

    private static string Paths(bool serveMetrics, bool serveProbes) => (serveMetrics, serveProbes) switch
    {
        (true, true) => "/metrics, /healthz or /readyz",
        (true, false) => "/metrics",
        _ => "/healthz or /readyz",
    };

    private static async Task PlainAsync(HttpResponse response, int status, string text, CancellationToken cancellationToken, bool writeBody = true)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        if (writeBody)
        {
            await response.WriteAsync(text + "\n", cancellationToken).ConfigureAwait(false);
        }
    }
}
