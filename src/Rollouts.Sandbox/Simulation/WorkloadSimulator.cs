using Microsoft.Extensions.Logging;
using Rollouts.Kubernetes.Runtime;
using ObjectKey = Rollouts.Sandbox.ApiServer.Storage.ObjectKey;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Simulation;

/// <summary>
/// What a cluster's ReplicaSet and Deployment controllers and kubelets do, as far as a progressive-delivery
/// operator sees it: a ReplicaSet gets exactly spec.replicas pods that run and become ready after a delay, a
/// Deployment gets a ReplicaSet per template, and their statuses count what is there.
/// </summary>
/// <remarks>
/// Level-triggered off the store's change stream: the stream only updates the owner indexes and adds keys to
/// a work queue per controller; workers take a key, read the current state and act through the API's
/// operations, so each change costs work for the objects it touches and no more. A failed write is retried
/// with backoff; a conflict waits for the change that caused it. Time (ready delays, minReadySeconds,
/// progress deadlines) comes from timers on the injected clock (<see cref="WakeUps"/>), never from polling.
/// </remarks>
public sealed partial class WorkloadSimulator
{
    private readonly ObjectStore _store;
    private readonly WorkloadSimulatorOptions _options;
    private readonly ILogger _logger;
    private readonly OwnerIndex _podsByReplicaSet = new();
    private readonly OwnerIndex _replicaSetsByDeployment = new();
    private readonly PodTimeline _timeline = new();
    private readonly SimulatedKubelet _kubelet;
    private readonly ReplicaSetController _replicaSets;
    private readonly DeploymentController _deployments;
    private readonly WorkQueue<ObjectKey> _podQueue;
    private readonly WorkQueue<ObjectKey> _replicaSetQueue;
    private readonly WorkQueue<ObjectKey> _deploymentQueue;
    private readonly WakeUps _podWakeUps;
    private readonly WakeUps _replicaSetWakeUps;
    private readonly WakeUps _deploymentWakeUps;
    private int _running;

    public WorkloadSimulator(ApiServer.ApiServer server, WorkloadSimulatorOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = server.Store;
        _options = options;
        _logger = logger;
        var operations = server.Operations;
        _kubelet = new SimulatedKubelet(_store, operations, _timeline, options, logger);
        _replicaSets = new ReplicaSetController(_store, operations, _podsByReplicaSet, _timeline, new PodTemplate(options.Seed), options.Time);
        _deployments = new DeploymentController(_store, operations, _replicaSetsByDeployment, options.Time);
        _podQueue = new WorkQueue<ObjectKey>("sandbox-pods", timeProvider: options.Time);
        _replicaSetQueue = new WorkQueue<ObjectKey>("sandbox-replicasets", timeProvider: options.Time);
        _deploymentQueue = new WorkQueue<ObjectKey>("sandbox-deployments", timeProvider: options.Time);
        _podWakeUps = new WakeUps(options.Time, _podQueue.Add);
        _replicaSetWakeUps = new WakeUps(options.Time, _replicaSetQueue.Add);
        _deploymentWakeUps = new WakeUps(options.Time, _deploymentQueue.Add);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled or the store closes. Runs once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("This WorkloadSimulator has already run; create a new one.");
        }

        var changes = _store.Subscribe(storageKey: null, capacity: int.MaxValue);
        var workers = new List<Task>();
        try
        {
            foreach (var storageKey in new[] { BuiltInTypes.Pods.StorageKey, BuiltInTypes.ReplicaSets.StorageKey, BuiltInTypes.Deployments.StorageKey })
            {
                foreach (var obj in changes.StartState.Collection(storageKey).Values)
                {
                    Observe(new StoreEvent(obj.ResourceVersion, StoreEventType.Added, obj, null));
                }
            }

            for (var i = 0; i < _options.Workers; i++)
            {
                workers.Add(Task.Run(() => WorkAsync(_podQueue, _podWakeUps, _kubelet.Reconcile), CancellationToken.None));
                workers.Add(Task.Run(() => WorkAsync(_replicaSetQueue, _replicaSetWakeUps, _replicaSets.Reconcile), CancellationToken.None));
                workers.Add(Task.Run(() => WorkAsync(_deploymentQueue, _deploymentWakeUps, _deployments.Reconcile), CancellationToken.None));
            }

            while (await changes.ReadAsync(cancellationToken).ConfigureAwait(false) is { } change)
            {
                Observe(change);
            }
        }
        finally
        {
            changes.Dispose();
            _podWakeUps.Dispose();
            _replicaSetWakeUps.Dispose();
            _deploymentWakeUps.Dispose();
            _podQueue.ShutDown();
            _replicaSetQueue.ShutDown();
            _deploymentQueue.ShutDown();
            await Task.WhenAll(workers).ConfigureAwait(false);
            _podQueue.Dispose();
            _replicaSetQueue.Dispose();
            _deploymentQueue.Dispose();
        }
    }

    /// <summary>Keeps the indexes and queues the objects a change concerns; does no other work.</summary>
    private void Observe(StoreEvent change)
    {
        try
        {
            if (change.StorageKey == BuiltInTypes.Pods.StorageKey)
            {
                ObservePod(change);
            }
            else if (change.StorageKey == BuiltInTypes.ReplicaSets.StorageKey)
            {
                ObserveReplicaSet(change);
            }
            else if (change.StorageKey == BuiltInTypes.Deployments.StorageKey)
            {
                if (change.Type == StoreEventType.Deleted)
                {
                    _deploymentWakeUps.Cancel(change.Object.Key);
                }
                else
                {
                    _deploymentQueue.Add(change.Object.Key);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogObserveFailure(_logger, e, change.Object.Key.ToString());
        }
    }

    private void ObservePod(StoreEvent change)
    {
        var pod = PodFacts.Of(change.Object);
        var name = pod.Key.Name;
        if (change.Previous is { } previous && PodFacts.Of(previous).ReplicaSet is { } before && before != pod.ReplicaSet)
        {
            _podsByReplicaSet.Remove(before, name);
            _replicaSetQueue.Add(before);
        }

        if (change.Type == StoreEventType.Deleted)
        {
            _timeline.Forget(pod.Uid);
            _podWakeUps.Cancel(pod.Key);
            if (pod.ReplicaSet is { } owner)
            {
                _podsByReplicaSet.Remove(owner, name);
                _replicaSetQueue.Add(owner);
            }

            return;
        }

        if (pod.ReplicaSet is { } replicaSet)
        {
            _podsByReplicaSet.Add(replicaSet, name);
            _replicaSetQueue.Add(replicaSet);
        }

        if (pod.NeedsKubelet)
        {
            _podQueue.Add(pod.Key);
        }
    }

    private void ObserveReplicaSet(StoreEvent change)
    {
        var rs = ReplicaSetFacts.Of(change.Object);
        var name = rs.Key.Name;
        if (change.Previous is { } previous && ReplicaSetFacts.Of(previous).Deployment is { } before && before != rs.Deployment)
        {
            _replicaSetsByDeployment.Remove(before, name);
            _deploymentQueue.Add(before);
        }

        if (change.Type == StoreEventType.Deleted)
        {
            _replicaSetWakeUps.Cancel(rs.Key);
            if (rs.Deployment is { } owner)
            {
                _replicaSetsByDeployment.Remove(owner, name);
                _deploymentQueue.Add(owner);
            }

            return;
        }

        if (rs.Deployment is { } deployment)
        {
            _replicaSetsByDeployment.Add(deployment, name);
            _deploymentQueue.Add(deployment);
        }

        _replicaSetQueue.Add(rs.Key);
    }

    /// <summary>One worker: takes keys until the queue shuts down, reconciles each, and never stops on a failure.</summary>
    private async Task WorkAsync(WorkQueue<ObjectKey> queue, WakeUps wakeUps, Action<ObjectKey, Action<DateTimeOffset>> reconcile)
    {
        while (await queue.GetAsync().ConfigureAwait(false) is { IsShutDown: false } item)
        {
            var key = item.Key;
            try
            {
                reconcile(key, due => wakeUps.At(key, due));
                queue.Forget(key);
            }
            catch (ApiError e) when (e.Reason is "NotFound" or "Conflict")
            {
                // The object went or changed under us: the change that did it brings the key back.
                queue.Forget(key);
                LogSuperseded(_logger, queue.Name, key.ToString(), e.Message);
            }
            catch (ApiError e)
            {
                queue.AddRateLimited(key);
                LogRefused(_logger, queue.Name, key.ToString(), e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                queue.AddRateLimited(key);
                LogFailure(_logger, e, queue.Name, key.ToString());
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Workload simulation ({Queue}) of {Key} failed; retrying")]
    private static partial void LogFailure(ILogger logger, Exception exception, string queue, string key);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug, Message = "Workload simulation ({Queue}) of {Key} was refused, retrying: {Message}")]
    private static partial void LogRefused(ILogger logger, string queue, string key, string message);

    [LoggerMessage(EventId = 23, Level = LogLevel.Debug, Message = "Workload simulation ({Queue}) of {Key} was overtaken by a change: {Message}")]
    private static partial void LogSuperseded(ILogger logger, string queue, string key, string message);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Workload simulation could not follow a change of {Key}")]
    private static partial void LogObserveFailure(ILogger logger, Exception exception, string key);
}
