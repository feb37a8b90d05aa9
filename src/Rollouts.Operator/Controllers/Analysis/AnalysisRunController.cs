using Microsoft.Extensions.Logging;
using Rollouts.Kubernetes.Runtime;
using Rollouts.Operator.Controllers.Rollouts;

namespace Rollouts.Operator.Controllers.Analysis;

/// <summary>
/// Runs AnalysisRuns: the handler only puts a changed run's key on this controller's own work queue, and its own
/// workers reconcile, one worker per run at a time, so a slow measurement never holds up a Rollout or another run.
/// A run comes back when its next measurement is due (the queue's delay, not polling). Runs for one term of
/// leadership, beside the Rollout controller.
/// </summary>
internal sealed class AnalysisRunController(RolloutInformers informers, AnalysisRunReconciler reconciler, int workers, TimeProvider time, ILogger logger,
    string queueName = "analysisruns")
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
        using var subscription = informers.AnalysisRuns.AddHandler(change => queue.Add(change.Key));
        AnalysisRunLog.Started(logger, workers);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(queue, leading), CancellationToken.None))).ConfigureAwait(false);
        }
        finally
        {
            AnalysisRunLog.Stopped(logger);
        }
    }

    private Task WorkAsync(WorkQueue<ObjectKey> queue, CancellationToken leading) => ControllerWorker.RunAsync(
        queue,
        reconciler.ReconcileAsync,
        (key, took, outcome) => AnalysisRunLog.Reconciled(logger, key.Namespace, key.Name, took, outcome.Next, outcome.After),
        (key, e) => AnalysisRunLog.ReconcileFailed(logger, e, key.Namespace, key.Name),
        time,
        leading);
}
