using Microsoft.Extensions.Logging;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime;
using Rollouts.Kubernetes.Runtime.Informers;

namespace Rollouts.Operator.Controllers.Rollouts;

/// <summary>
/// Connects the informers to the reconciler: handlers only turn changes into Rollout keys on a work queue, and
/// workers take keys and reconcile them, one worker per key at a time. Every change of a Rollout counts, status
/// included (promote and abort arrive as status patches). Runs for one term of leadership.
/// </summary>
internal sealed class RolloutController(RolloutInformers informers, RolloutReconciler reconciler, int workers, TimeProvider time, ILogger logger,
    string queueName = "rollouts")
{
    /// <summary>
    /// Reconciles until <paramref name="leading"/> is cancelled (reconciles in flight are cancelled too) or
    /// <paramref name="draining"/> is (no new key is taken; reconciles in flight finish), then returns once every worker stopped.
    /// </summary>
    public async Task RunAsync(CancellationToken leading, CancellationToken draining = default)
    {
        try
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(leading, draining);
            await informers.WaitForSyncAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested || draining.IsCancellationRequested)
        {
            return;
        }

        using var queue = new WorkQueue<ObjectKey>(queueName, timeProvider: time);
        using var stop = leading.Register(queue.ShutDown);
        using var drain = draining.Register(queue.ShutDown);
        var subscriptions = Subscribe(queue);
        try
        {
            RolloutLog.Started(logger, workers);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(queue, leading), CancellationToken.None))).ConfigureAwait(false);
        }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                subscription.Dispose();
            }

            RolloutLog.Stopped(logger);
        }
    }

    private List<IDisposable> Subscribe(WorkQueue<ObjectKey> queue) =>
    [
        .. informers.HttpRoutes is { } routes
            ? [routes.AddHandler(change => AddAll(queue, RolloutKeys.ReferringToHttpRoute(informers.Rollouts.Cache.List(), change.Key)))]
            : Array.Empty<IDisposable>(),
        informers.Rollouts.AddHandler(change => queue.Add(change.Key)),
        informers.ReplicaSets.AddHandler(change => AddAll(queue, RolloutKeys.Owners(change.Old).Concat(RolloutKeys.Owners(change.New)))),
        informers.Pods.AddHandler(change => AddAll(queue, OwnersOfPod(change.Old).Concat(OwnersOfPod(change.New)))),
        informers.Services.AddHandler(change => AddAll(queue, RolloutKeys.ReferringToService(RolloutsIn(change.Key), change.Key.Name))),
        informers.Ingresses.AddHandler(change => AddAll(queue,
            RolloutKeys.Owners(change.Old).Concat(RolloutKeys.Owners(change.New))
                .Concat(RolloutKeys.ReferringToIngress(RolloutsIn(change.Key), change.Key.Name)))),
        informers.AnalysisRuns.AddHandler(change => AddAll(queue, RolloutKeys.Owners(change.Old).Concat(RolloutKeys.Owners(change.New)))),
        informers.AnalysisTemplates.AddHandler(change => AddAll(queue, RolloutKeys.ReferringToTemplate(RolloutsIn(change.Key), change.Key.Name, clusterScope: false))),
        informers.ClusterAnalysisTemplates.AddHandler(change => AddAll(queue,
            RolloutKeys.ReferringToTemplate(informers.Rollouts.Cache.List(), change.Key.Name, clusterScope: true))),
    ];

    /// <summary>The Rollout controlling the ReplicaSet that controls <paramref name="pod"/>, as the ReplicaSet cache shows it.</summary>
    private IEnumerable<ObjectKey> OwnersOfPod(Pod? pod) =>
        pod?.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == "ReplicaSet") is { Name: { Length: > 0 } name }
            ? RolloutKeys.Owners(informers.ReplicaSets.Cache.Get(pod.Metadata.Namespace, name))
            : [];

    private IReadOnlyList<Rollout> RolloutsIn(ObjectKey key) => informers.Rollouts.Cache.List(key.Namespace);

    private static void AddAll(WorkQueue<ObjectKey> queue, IEnumerable<ObjectKey> keys)
    {
        foreach (var key in keys.Distinct())
        {
            queue.Add(key);
        }
    }

    private Task WorkAsync(WorkQueue<ObjectKey> queue, CancellationToken leading) => ControllerWorker.RunAsync(
        queue,
        reconciler.ReconcileAsync,
        (key, took, outcome) => RolloutLog.Reconciled(logger, key.Namespace, key.Name, took, outcome.Next, outcome.After),
        (key, e) => RolloutLog.ReconcileFailed(logger, e, key.Namespace, key.Name),
        time,
        leading);
}
