using Microsoft.Extensions.Logging;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Traffic;

/// <summary>
/// Sends a steady, simulated request load to every ingress host and HTTPRoute in the sandbox and counts it as an
/// ingress-nginx controller would, so analysis queries written for ingress-nginx work unchanged against the sandbox.
/// </summary>
/// <remarks>
/// Each tick, every stable ingress (one without <c>nginx.ingress.kubernetes.io/canary: "true"</c>) gets the
/// requests due since the last tick at <see cref="TrafficSimulatorOptions.RequestsPerSecond"/>. Each request
/// goes to a canary ingress for the same host and path with the canary's weight as its chance, else to the
/// stable ingress. Every HTTPRoute gets the same load, split by the backendRef weights of its first rule in the last
/// generation its gateway accepted (<see cref="HttpRouteTraffic"/>); then round-robin to one of the ready pods its backend service selects, which answers 500
/// with its <c>ERROR_RATE</c> as chance (else 200) after its <c>LATENCY_MS</c> with ±10% jitter. A service that
/// selects no ready pod answers 503. No real requests are made; all chance comes from one seeded Random and all
/// time from the injected clock, so the same seed and clock give the same metrics.
/// </remarks>
public sealed partial class TrafficSimulator : IAsyncDisposable
{
    private const double Jitter = 0.1;
    private const int MaxReportedProblems = 1000;

    private readonly ObjectStore _store;
    private readonly ApiServer.ApiServer _server;
    private readonly TrafficSimulatorOptions _options;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _nextPod = [];
    private readonly Dictionary<ObjectKey, TrafficRoute> _appliedHttpRoutes = [];
    private readonly HashSet<string> _reported = [];
    private readonly CancellationTokenSource _stopping = new();
    private DateTimeOffset _last;
    private double _owed;
    private MetricsEndpoint? _endpoint;
    private Task? _loop;

    public TrafficSimulator(ApiServer.ApiServer server, TrafficSimulatorOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = server.Store;
        _server = server;
        _options = options;
        _logger = logger;
        _random = new Random(options.Seed);
        _last = options.Time.GetUtcNow();
    }

    /// <summary>The metrics counted so far.</summary>
    public IngressMetrics Metrics { get; } = new();

    /// <summary>http://127.0.0.1:PORT/metrics once <see cref="StartAsync"/> has returned.</summary>
    public Uri MetricsUrl => _endpoint?.Url ?? throw new InvalidOperationException("The traffic simulator serves metrics only after StartAsync.");

    /// <summary>Starts serving <c>/metrics</c> and sending requests every tick until disposed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_endpoint is not null)
        {
            throw new InvalidOperationException("This TrafficSimulator has already started.");
        }

        _endpoint = await MetricsEndpoint.StartAsync(_options.MetricsPort, Metrics.Render, cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Ticks every <see cref="TrafficSimulatorOptions.TickInterval"/> on the injected clock until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.TickInterval, _options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    Tick();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogTickFailure(_logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Sends the requests due since the last tick (or since construction) to every route in the store's current state.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            var now = _options.Time.GetUtcNow();
            var elapsed = now - _last;
            _last = now;
            if (elapsed <= TimeSpan.Zero)
            {
                return;
            }

            // A clock that jumps far ahead (a suspended machine, a test's big advance) sends at most a minute's load.
            _owed = Math.Min(_owed + (elapsed.TotalSeconds * _options.RequestsPerSecond), _options.RequestsPerSecond * 60);
            var requests = (int)Math.Floor(_owed);
            _owed -= requests;
            if (requests == 0)
            {
                return;
            }

            var state = _store.State;
            foreach (var route in TrafficRoute.All(state, ReportIngress).Concat(HttpRoutes(state)))
            {
                Send(state, route, requests);
            }
        }
    }

    /// <summary>The HTTPRoutes of the snapshot as their gateway applies them: the split of the last accepted generation.</summary>
    private List<TrafficRoute> HttpRoutes(StoreState state)
    {
        if (_server.Catalog.Registry.Find(HttpRouteTraffic.Group, "v1", "httproutes") is not { } type)
        {
            return [];
        }

        var present = new HashSet<ObjectKey>();
        foreach (var stored in state.Collection(type.StorageKey).Values.Where(r => !r.IsDeleting))
        {
            present.Add(stored.Key);
            if (HttpRouteTraffic.Accepted(stored) is { } accepted)
            {
                _appliedHttpRoutes[stored.Key] = accepted;
            }
        }

        foreach (var gone in _appliedHttpRoutes.Keys.Where(k => !present.Contains(k)).ToList())
        {
            _appliedHttpRoutes.Remove(gone);
        }

        return [.. _appliedHttpRoutes.OrderBy(p => p.Key.Namespace, StringComparer.Ordinal).ThenBy(p => p.Key.Name, StringComparer.Ordinal).Select(p => p.Value)];
    }

    private void Send(StoreState state, TrafficRoute route, int requests)
    {
        var stable = route.Stable;
        var backends = new Dictionary<string, IReadOnlyList<PodBehaviour>>();
        for (var i = 0; i < requests; i++)
        {
            var target = route.Pick(_random.NextDouble());
            var service = target.Service ?? "";
            if (!backends.TryGetValue(service, out var pods))
            {
                pods = service.Length == 0 ? [] : ServiceBackend.ReadyPods(state, stable.Namespace, service);
                backends[service] = pods;
                foreach (var pod in pods.Where(p => p.Problems.Count > 0))
                {
                    ReportPod(stable.Namespace, pod);
                }
            }

            var (status, duration) = Answer(stable.Namespace + "/" + service, pods);
            var labels = new RequestLabels(stable.Namespace, stable.Name, service, target.IsCanary ? target.Name : "",
                stable.Host, "GET", stable.Path, status);
            Metrics.Record(labels, duration);
        }
    }

    private (string Status, TimeSpan Duration) Answer(string serviceKey, IReadOnlyList<PodBehaviour> pods)
    {
        if (pods.Count == 0)
        {
            return ("503", TimeSpan.Zero);
        }

        var next = _nextPod.GetValueOrDefault(serviceKey);
        _nextPod[serviceKey] = (next + 1) % pods.Count;
        var pod = pods[next % pods.Count];
        var status = _random.NextDouble() < pod.ErrorRate ? "500" : "200";
        var jitter = 1 + (Jitter * ((2 * _random.NextDouble()) - 1));
        return (status, TimeSpan.FromMilliseconds(pod.LatencyMilliseconds * jitter));
    }

    private void ReportIngress(IngressFacts ingress)
    {
        foreach (var problem in ingress.Problems)
        {
            if (Remember($"ingress {ingress.Namespace}/{ingress.Name}: {problem}"))
            {
                LogIngressProblem(_logger, ingress.Namespace, ingress.Name, problem);
            }
        }
    }

    private void ReportPod(string ns, PodBehaviour pod)
    {
        foreach (var problem in pod.Problems)
        {
            if (Remember($"pod {ns}/{pod.PodName}: {problem}"))
            {
                LogPodProblem(_logger, ns, pod.PodName, problem);
            }
        }
    }

    /// <summary>True the first time a problem is seen, so each is logged once rather than every tick.</summary>
    private bool Remember(string problem)
    {
        if (_reported.Count >= MaxReportedProblems)
        {
            _reported.Clear();
        }

        return _reported.Add(problem);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Traffic simulation tick failed")]
    private static partial void LogTickFailure(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Traffic simulation: ingress {Namespace}/{Name}: {Problem}")]
    private static partial void LogIngressProblem(ILogger logger, string @namespace, string name, string problem);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "Traffic simulation: pod {Namespace}/{Name}: {Problem}")]
    private static partial void LogPodProblem(ILogger logger, string @namespace, string name, string problem);
}
