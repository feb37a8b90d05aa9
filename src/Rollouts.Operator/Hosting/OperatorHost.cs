using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.Events;
using Rollouts.Kubernetes.Runtime.LeaderElection;
using Rollouts.Engine.Analysis;
using Rollouts.Engine.Providers;
using Rollouts.Operator.Controllers.Analysis;
using Rollouts.Operator.Controllers.Rollouts;
using Rollouts.Operator.Telemetry;
using Rollouts.Kubernetes.Runtime.Metrics;

namespace Rollouts.Operator.Hosting;

/// <summary>
/// The operator in one object: informers for Rollouts, their ReplicaSets, Services, Ingresses, AnalysisRuns and
/// analysis templates, the Rollout controller and the AnalysisRun controller with their workers, the event
/// recorder, and (when asked) leader election on a Lease. The process
/// entry point, the sandbox's <c>up</c> mode and the end-to-end tests all run it through <see cref="RunAsync"/>.
/// </summary>
/// <example>
/// <code>
/// using var client = new KubernetesApiClient(KubernetesConnection.Load(kubeconfig));
/// await new OperatorHost(client, new OperatorOptions { Workers = 2 }, loggers).RunAsync(stopping);
/// </code>
/// </example>
public sealed class OperatorHost
{
    private readonly IKubernetesClient _client;
    private readonly OperatorOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly string _defaultNamespace;
    private LeaderElector? _elector;
    private int _started;
    private volatile bool _running;
    private readonly OperatorHealth _health = new();
    private readonly TaskCompletionSource _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="client">The API the operator reads and writes; the host does not dispose it.</param>
    /// <param name="defaultNamespace">The connection's namespace: where the Lease lives unless the options say otherwise.</param>
    public OperatorHost(IKubernetesClient client, OperatorOptions? options = null, ILoggerFactory? loggers = null, string defaultNamespace = "default")
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new OperatorOptions();
        options.Validate();
        _client = client;
        _options = options;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<OperatorHost>();
        _defaultNamespace = defaultNamespace;
    }

    /// <summary>
    /// True while this replica may write: it runs and, with leader election, holds the Lease. False from the moment
    /// leadership ends.
    /// </summary>
    public bool IsLeading => _running && (!_options.LeaderElection || _elector?.IsLeader == true);

    /// <summary>The URL of /metrics once it is served (null when off or not started yet).</summary>
    public Uri? MetricsUrl { get; private set; }

    /// <summary>The URL of /healthz once it is served (null when off or not started yet).</summary>
    public Uri? HealthUrl { get; private set; }

    /// <summary>The URL of /readyz once it is served (null when off or not started yet).</summary>
    public Uri? ReadyUrl { get; private set; }

    /// <summary>Completes once the metrics and probe endpoints (when asked for) are listening.</summary>
    public Task Serving => _serving.Task;

    /// <summary>
    /// Runs until <paramref name="stopping"/> is cancelled, then drains: the workers take no new key and the reconciles in
    /// flight finish (cancelled only past <see cref="OperatorOptions.GracefulShutdownTimeout"/>); then it releases the Lease if
    /// held, writes the queued events and returns. Call once.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("This operator host already ran; make a new one.");
        }

        var time = _options.TimeProvider;
        var scopes = _options.WatchedNamespaces;
        var servesHttpRoutes = await ServesHttpRoutesAsync(stopping).ConfigureAwait(false);
        var sets = scopes.Select(ns => (Namespace: ns, Informers: new RolloutInformers(_client, ns, time, _loggers, _options.InstanceSelector, httpRoutes: servesHttpRoutes))).ToList();
        using var collector = new MetricsCollector();
        using var processMetrics = new ProcessMetrics();
        using var metrics = new OperatorMetrics(
            () => sets.SelectMany(set => set.Informers.Rollouts.Cache.Snapshot.List()).Select(r => new RolloutSummary(
                r.Metadata.Namespace ?? "", r.Metadata.Name ?? "", r.Spec?.Strategy?.Canary is not null ? "canary" : r.Spec?.Strategy?.BlueGreen is not null ? "blueGreen" : "", r.Status?.Phase ?? "")),
            () => IsLeading);
        foreach (var (ns, informers) in sets)
        {
            string Name(string cache) => sets.Count == 1 ? cache : $"{cache} in {ns}";
            _health.AddCache(Name("rollouts"), () => informers.Rollouts.HasSynced);
            _health.AddCache(Name("replicasets"), () => informers.ReplicaSets.HasSynced);
            _health.AddCache(Name("pods"), () => informers.Pods.HasSynced);
            _health.AddCache(Name("services"), () => informers.Services.HasSynced);
            _health.AddCache(Name("ingresses"), () => informers.Ingresses.HasSynced);
            if (informers.HttpRoutes is { } routes)
            {
                _health.AddCache(Name("httproutes"), () => routes.HasSynced);
            }

            _health.AddCache(Name("analysisruns"), () => informers.AnalysisRuns.HasSynced);
            _health.AddCache(Name("analysistemplates"), () => informers.AnalysisTemplates.HasSynced);
            _health.AddCache(Name("clusteranalysistemplates"), () => informers.ClusterAnalysisTemplates.HasSynced);
        }

        await using var probes = await ProbeServer.StartAsync(new ProbeServerOptions
        {
            MetricsAddress = _options.MetricsBindAddress,
            ProbeAddress = _options.HealthProbeBindAddress,
            WriteMetrics = collector.WriteTo,
            Liveness = _health.Liveness,
            Readiness = _health.Readiness,
        }, stopping).ConfigureAwait(false);
        (MetricsUrl, HealthUrl, ReadyUrl) = (probes.MetricsUrl, probes.HealthUrl, probes.ReadyUrl);
        _serving.TrySetResult();

        await using var events = new EventRecorder(
            _client.Resource<Event>(), new EventRecorderOptions { Component = OperatorOptions.Component }, time, _loggers.CreateLogger<EventRecorder>());
        using var providerHttp = new ProviderHttp(_options.MetricAddressPolicy());
        var measurer = new MetricMeasurer(providerHttp, ProviderDefaults.Operator(_options.PrometheusAddress), time);

        // One informer set with its own controllers (and work queues) per watched namespace.
        var controllers = sets.Select(set =>
        {
            var suffix = sets.Count == 1 ? "" : $"-{set.Namespace}";
            var reconciler = new RolloutReconciler(_client, set.Informers, events, _options, _loggers.CreateLogger<RolloutReconciler>(), metrics);
            var runReconciler = new AnalysisRunReconciler(_client, set.Informers, events, measurer, _options, _loggers.CreateLogger<AnalysisRunReconciler>(), metrics);
            return (Rollouts: new RolloutController(set.Informers, reconciler, _options.Workers, time, _loggers.CreateLogger<RolloutController>(), "rollouts" + suffix),
                Runs: new AnalysisRunController(set.Informers, runReconciler, _options.Workers, time, _loggers.CreateLogger<AnalysisRunController>(), "analysisruns" + suffix));
        }).ToList();

        // Stopping drains: the controllers take no new key, the reconciles in flight finish (their writes land), and only
        // past the graceful shutdown timeout are they cancelled. The informers run until then, since reconciles read them.
        using var overdue = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var drainTimer = stopping.Register(() =>
        {
            _health.Stopping();
            OperatorLog.Draining(_logger, _options.GracefulShutdownTimeout);
            if (_options.GracefulShutdownTimeout <= TimeSpan.Zero)
            {
                overdue.Cancel();
            }
            else
            {
                overdue.CancelAfter(_options.GracefulShutdownTimeout);
            }
        });

        async Task RunControllersAsync(CancellationToken leading)
        {
            using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(leading, overdue.Token);
            await Task.WhenAll(controllers.SelectMany(c => new[] { c.Rollouts.RunAsync(cancelled.Token, stopping), c.Runs.RunAsync(cancelled.Token, stopping) }))
                .ConfigureAwait(false);
        }

        OperatorLog.Starting(_logger, (_client as KubernetesApiClient)?.Connection.Server.ToString() ?? "the API", scopes is [null] ? "all namespaces" : string.Join(", ", scopes));
        using var informersStop = new CancellationTokenSource();
        var watching = Task.WhenAll(sets.Select(set => set.Informers.RunAsync(informersStop.Token)));
        _health.WatchLoop("informers", watching);
        _running = true;
        try
        {
            var controlling = _options.LeaderElection ? LeadAsync(RunControllersAsync, stopping) : RunControllersAsync(CancellationToken.None);
            _health.WatchLoop(_options.LeaderElection ? "leader election" : "controllers", controlling);
            await controlling.ConfigureAwait(false);
        }
        finally
        {
            _health.Stopping();
            _running = false;
            await informersStop.CancelAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(false);
            OperatorLog.Stopped(_logger);
        }
    }

    /// <summary>True when the cluster serves HTTPRoutes (the Gateway API CRDs are installed) and the operator may list them.</summary>
    private async Task<bool> ServesHttpRoutesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.Resource<HttpRoute>().ListAsync(_options.Namespace, new ListOptions { Limit = 1 }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NotFoundException)
        {
            OperatorLog.NoHttpRoutes(_logger, "not found");
            return false;
        }
        catch (ForbiddenException)
        {
            OperatorLog.NoHttpRoutes(_logger, "forbidden");
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped while starting: the rest of RunAsync drains at once, so what is answered here does not matter.
            return false;
        }
    }

    /// <summary>Competes for the Lease; runs the controllers for each term of leadership, with the term's token.</summary>
    private async Task LeadAsync(Func<CancellationToken, Task> runControllers, CancellationToken stopping)
    {
        var leaseNamespace = _options.LeaseNamespace ?? _defaultNamespace;
        var election = new LeaderElectionOptions
        {
            Namespace = leaseNamespace,
            LeaseName = _options.LeaseName,
            Identity = _options.Identity ?? $"{Environment.MachineName}_{Guid.NewGuid():N}",
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        };
        var elector = new LeaderElector(_client.Resource<Lease>(), election, _options.TimeProvider, _loggers.CreateLogger<LeaderElector>());
        _elector = elector;
        var terms = new List<Task>();
        var gate = new Lock();
        elector.StartedLeading += (_, leadership) =>
        {
            OperatorLog.Leading(_logger, election.Identity, leaseNamespace, election.LeaseName);
            lock (gate)
            {
                terms.Add(Task.Run(() => runControllers(leadership.LeadingToken), CancellationToken.None));
            }
        };

        // The elector keeps the Lease (renewing it) while the term drains, and releases it only once its reconciles ended.
        using var electorStop = new CancellationTokenSource();
        var electing = elector.RunAsync(electorStop.Token);
        try
        {
            await electing.WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await Task.WhenAll(Terms()).ConfigureAwait(false);
        }
        finally
        {
            await electorStop.CancelAsync().ConfigureAwait(false);
            await electing.ConfigureAwait(false);
            await Task.WhenAll(Terms()).ConfigureAwait(false);
        }

        Task[] Terms()
        {
            lock (gate)
            {
                return [.. terms];
            }
        }
    }
}
