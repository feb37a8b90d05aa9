using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.Events;
using Rollouts.Kubernetes.Runtime.LeaderElection;
using Rollouts.Engine.Providers;
using Rollouts.Operator.Controllers.Analysis;
using Rollouts.Operator.Controllers.Rollouts;

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
        var informers = new RolloutInformers(_client, _options.Namespace, time, _loggers);
        await using var events = new EventRecorder(
            _client.Resource<Event>(), new EventRecorderOptions { Component = OperatorOptions.Component }, time, _loggers.CreateLogger<EventRecorder>());
        var reconciler = new RolloutReconciler(_client, informers, events, _options, _loggers.CreateLogger<RolloutReconciler>());
        var controller = new RolloutController(informers, reconciler, _options.Workers, time, _loggers.CreateLogger<RolloutController>());
        using var providerHttp = new ProviderHttp(_options.MetricAddressPolicy());
        var measurer = new MetricMeasurer(providerHttp, _options.PrometheusAddress, time);
        var runReconciler = new AnalysisRunReconciler(_client, informers, events, measurer, _options, _loggers.CreateLogger<AnalysisRunReconciler>());
        var runController = new AnalysisRunController(informers, runReconciler, _options.Workers, time, _loggers.CreateLogger<AnalysisRunController>());
        Task RunControllersAsync(CancellationToken leading) => Task.WhenAll(controller.RunAsync(leading), runController.RunAsync(leading));

        OperatorLog.Starting(_logger, (_client as KubernetesApiClient)?.Connection.Server.ToString() ?? "the API", _options.Namespace ?? "all namespaces");
        using var informersStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var watching = informers.RunAsync(informersStop.Token);
        _running = true;
        try
        {
            if (_options.LeaderElection)
            {
                await LeadAsync(RunControllersAsync, stopping).ConfigureAwait(false);
            }
            else
            {
                await RunControllersAsync(stopping).ConfigureAwait(false);
            }
        }
        finally
        {
            _running = false;
            await informersStop.CancelAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(false);
            OperatorLog.Stopped(_logger);
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
