using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.Events;
using Rollouts.Kubernetes.Runtime.LeaderElection;
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
    /// Runs until <paramref name="stopping"/> is cancelled, then stops the workers (a reconcile in flight is
    /// cancelled), releases the Lease if held, writes the queued events and returns. Call once.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("This operator host already ran; make a new one.");
        }

        var time = _options.TimeProvider;
        var informers = new RolloutInformers(
            _client, _options.Namespace, time, _loggers, _options.InstanceSelector, httpRoutes: await ServesHttpRoutesAsync(stopping).ConfigureAwait(false));
        using var collector = new MetricsCollector();
        using var metrics = new OperatorMetrics(
            () => informers.Rollouts.Cache.Snapshot.List().Select(r => new RolloutSummary(
                r.Metadata.Namespace ?? "", r.Metadata.Name ?? "", r.Spec?.Strategy?.Canary is null ? "" : "canary", r.Status?.Phase ?? "")),
            () => IsLeading);
        _health.AddCache("rollouts", () => informers.Rollouts.HasSynced);
        _health.AddCache("replicasets", () => informers.ReplicaSets.HasSynced);
        _health.AddCache("pods", () => informers.Pods.HasSynced);
        _health.AddCache("services", () => informers.Services.HasSynced);
        _health.AddCache("ingresses", () => informers.Ingresses.HasSynced);
        if (informers.HttpRoutes is { } routes)
        {
            _health.AddCache("httproutes", () => routes.HasSynced);
        }

        _health.AddCache("analysisruns", () => informers.AnalysisRuns.HasSynced);
        _health.AddCache("analysistemplates", () => informers.AnalysisTemplates.HasSynced);
        _health.AddCache("clusteranalysistemplates", () => informers.ClusterAnalysisTemplates.HasSynced);
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
        var reconciler = new RolloutReconciler(_client, informers, events, _options, _loggers.CreateLogger<RolloutReconciler>(), metrics);
        var controller = new RolloutController(informers, reconciler, _options.Workers, time, _loggers.CreateLogger<RolloutController>());
        using var providerHttp = new ProviderHttp(_options.MetricAddressPolicy());
        var measurer = new MetricMeasurer(providerHttp, _options.PrometheusAddress, time);
        var runReconciler = new AnalysisRunReconciler(_client, informers, events, measurer, _options, _loggers.CreateLogger<AnalysisRunReconciler>(), metrics);
        var runController = new AnalysisRunController(informers, runReconciler, _options.Workers, time, _loggers.CreateLogger<AnalysisRunController>());
        Task RunControllersAsync(CancellationToken leading) => Task.WhenAll(controller.RunAsync(leading), runController.RunAsync(leading));

        OperatorLog.Starting(_logger, (_client as KubernetesApiClient)?.Connection.Server.ToString() ?? "the API", _options.Namespace ?? "all namespaces");
        using var informersStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var watching = informers.RunAsync(informersStop.Token);
        _health.WatchLoop("informers", watching);
        _running = true;
        try
        {
            var controlling = _options.LeaderElection ? LeadAsync(RunControllersAsync, stopping) : RunControllersAsync(stopping);
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

        try
        {
            await elector.RunAsync(stopping).ConfigureAwait(false);
        }
        finally
        {
            Task[] running;
            lock (gate)
            {
                running = [.. terms];
            }

            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }
}
