using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Sandbox.ApiServer.Controllers;
using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Sandbox.ApiServer.Http;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;
using Rollouts.Sandbox.Simulation;
using Rollouts.Sandbox.Traffic;

namespace Rollouts.Sandbox.ApiServer;

/// <summary>
/// The in-memory Kubernetes API server: storage, the HTTP API on 127.0.0.1, the garbage collector, the
/// namespace controller and (unless turned off) the workload simulator. Start it, point a kubeconfig at it,
/// and stop it by disposing.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly ApiServerOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _controllers = [];
    private WebApplication? _app;

    public ApiServer(ApiServerOptions? options = null, ILoggerFactory? loggers = null)
    {
        _options = options ?? new ApiServerOptions();
        _loggers = loggers ?? NullLoggerFactory.Instance;
        Store = new ObjectStore(_options.HistoryCapacity, _options.Time);
        Catalog = new ResourceCatalog();
        var random = _options.Seed is { } seed ? new Random(seed) : new Random();
        Operations = new ResourceOperations(Store, _options.Time, new ServerHooks(Catalog, Store, _options.Time), random);
        Faults = new FaultInjector(_options.Seed ?? 1);
        Requests = new RequestCounter();
        Bodies = new BodyRecorder();
        RequestLog = new RequestLog(() => Store.ResourceVersion);
        // Certificates are checked by clients against the real clock, whatever clock the server simulates.
        Certificates = ServingCertificates.Create(TimeProvider.System);
        SeedNamespaces();
    }

    public ObjectStore Store { get; }
    public ResourceCatalog Catalog { get; }
    public ResourceOperations Operations { get; }
    public FaultInjector Faults { get; }
    public RequestCounter Requests { get; }

    /// <summary>Patch bodies exactly as received, when <see cref="BodyRecorder.Enabled"/> (off by default).</summary>
    public BodyRecorder Bodies { get; }

    /// <summary>Every resource request in order, with its client's User-Agent, when <see cref="Faults.RequestLog.Enabled"/> (off by default).</summary>
    public RequestLog RequestLog { get; }

    /// <summary>The traffic simulator, when <see cref="ApiServerOptions.SimulateTraffic"/> is on and the server has started.</summary>
    public TrafficSimulator? Traffic { get; private set; }

    /// <summary>The CA clients trust and the serving certificate.</summary>
    public ServingCertificates Certificates { get; }

    /// <summary>https://127.0.0.1:PORT once started.</summary>
    public Uri Url { get; private set; } = new("https://127.0.0.1/");

    public string Token => _options.Tokens.Keys.First();
    public string User => _options.Tokens[Token];

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, _options.Port, listen => listen.UseHttps(Certificates.Server));
            k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            k.AddServerHeader = false;
        });
        builder.Services.AddSingleton(_loggers);
        _app = builder.Build();

        var tables = new TableWriter(_options.Time);
        var watches = new WatchStreamer(Store, Faults, tables, _options.Time, _options.BookmarkInterval);
        var handler = new ApiHandler(
            Catalog,
            new Authenticator(_options.Tokens, _options.AllowAnonymous),
            Faults,
            Requests,
            RequestLog,
            new ResourceEndpoints(Operations, tables, watches, Bodies, _options.Time),
            new DiscoveryEndpoints(Catalog),
            new AdminEndpoints(Faults, Requests, Store),
            _options.Time,
            _loggers.CreateLogger("Rollouts.Sandbox.ApiServer"));
        _app.Run(handler.HandleAsync);

        var log = _loggers.CreateLogger("Rollouts.Sandbox.ApiServer.Controllers");
        _controllers.Add(Task.Run(() => new GarbageCollector(Store, Operations, Catalog, log).RunAsync(_stopping.Token), CancellationToken.None));
        _controllers.Add(Task.Run(() => new NamespaceLifecycle(Store, Operations, Catalog, log).RunAsync(_stopping.Token), CancellationToken.None));
        if (_options.SimulateWorkloads)
        {
            var simulator = new WorkloadSimulator(this, new WorkloadSimulatorOptions
            {
                ReadyDelay = _options.ReadyDelay,
                Time = _options.Time,
                Seed = _options.Seed,
            }, _loggers.CreateLogger("Rollouts.Sandbox.Simulation"));
            _controllers.Add(Task.Run(() => simulator.RunAsync(_stopping.Token), CancellationToken.None));
        }

        if (_options.SimulateGateway)
        {
            var gateway = new Gateway.SandboxGateway(this, _options.GatewayAcceptDelay, _options.Time, _loggers.CreateLogger("Rollouts.Sandbox.Gateway"));
            _controllers.Add(Task.Run(() => gateway.RunAsync(_stopping.Token), CancellationToken.None));
        }

        if (_options.SimulateTraffic)
        {
            Traffic = new TrafficSimulator(this, new TrafficSimulatorOptions
            {
                Time = _options.Time,
                Seed = _options.Seed ?? 1,
                MetricsPort = _options.TrafficMetricsPort,
            }, _loggers.CreateLogger("Rollouts.Sandbox.Traffic"));
            await Traffic.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>Writes a kubeconfig for this server and returns its full path.</summary>
    public string WriteKubeconfig(string path) => KubeconfigWriter.Write(path, Url, Certificates.AuthorityPem, User, Token);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Store.CloseAll();
        if (_app is not null)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(deadline.Token).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        if (Traffic is not null)
        {
            await Traffic.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var controller in _controllers)
        {
            try
            {
                await controller.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stopping.Dispose();
        Certificates.Dispose();
    }

    private void SeedNamespaces()
    {
        var namespaces = Catalog.Registry.Find("", "v1", "namespaces")!;
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            Operations.Create(namespaces, null, new System.Text.Json.Nodes.JsonObject
            {
                ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = name },
            }, WriteOptions.Default);
        }
    }
}
