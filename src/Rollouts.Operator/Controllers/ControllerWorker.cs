using Rollouts.Kubernetes.Runtime;
using Rollouts.Operator.Controllers.Rollouts;

namespace Rollouts.Operator.Controllers;

/// <summary>
/// One worker of a controller: takes keys from the work queue until it shuts down or leadership ends, reconciles
/// each, and puts it back as the outcome says. An exception from a reconcile (a bug, or an object the code cannot
/// handle) is reported and retried with backoff: never the end of the operator.
/// </summary>
internal static class ControllerWorker
{
    /// <param name="reconcile">Reconciles one key; cancellation of the token is thrown when leadership ends.</param>
    /// <param name="reconciled">Called after each reconcile with how long it took and its outcome (for logs).</param>
    /// <param name="failed">Called when a reconcile threw anything but the cancellation of <paramref name="leading"/>.</param>
    public static async Task RunAsync(
        WorkQueue<ObjectKey> queue,
        Func<ObjectKey, CancellationToken, Task<ReconcileOutcome>> reconcile,
        Action<ObjectKey, TimeSpan, ReconcileOutcome> reconciled,
        Action<ObjectKey, Exception> failed,
        TimeProvider time,
        CancellationToken leading)
    {
        while (true)
        {
            WorkItem<ObjectKey> item;
            try
            {
                item = await queue.GetAsync(leading).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (leading.IsCancellationRequested)
            {
                return;
            }

            if (item.IsShutDown)
            {
                return;
            }

            var key = item.Key;
            try
            {
                var started = time.GetTimestamp();
                var outcome = await reconcile(key, leading).ConfigureAwait(false);
                reconciled(key, time.GetElapsedTime(started), outcome);
                outcome.Follow(queue, key);
            }
            catch (OperationCanceledException) when (leading.IsCancellationRequested)
            {
                // Leadership ended or the operator stops: the next leader continues from the status.
            }
            catch (Exception e)
            {
                failed(key, e);
                queue.AddRateLimited(key);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }
}
