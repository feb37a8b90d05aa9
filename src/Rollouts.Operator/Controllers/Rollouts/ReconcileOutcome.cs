using Rollouts.Kubernetes.Runtime;

namespace Rollouts.Operator.Controllers.Rollouts;

/// <summary>What the worker does with a key after a reconcile.</summary>
internal enum ReconcileNext
{
    /// <summary>Nothing: the next change of a watched object brings the key back.</summary>
    Done,

    /// <summary>Reconcile again after <see cref="ReconcileOutcome.After"/>, or sooner if something changes.</summary>
    RequeueAfter,

    /// <summary>Reconcile again at once: a write met a newer object (Conflict); the cache catches up.</summary>
    RetryNow,

    /// <summary>Reconcile again after the key's growing backoff: a write failed.</summary>
    RetryWithBackoff,
}

/// <summary>The result of one reconcile: what to do with its key next.</summary>
internal readonly record struct ReconcileOutcome(ReconcileNext Next, TimeSpan After)
{
    public static ReconcileOutcome Done => new(ReconcileNext.Done, TimeSpan.Zero);

    public static ReconcileOutcome RetryNow => new(ReconcileNext.RetryNow, TimeSpan.Zero);

    public static ReconcileOutcome RetryWithBackoff => new(ReconcileNext.RetryWithBackoff, TimeSpan.Zero);

    public static ReconcileOutcome Requeue(TimeSpan? after) =>
        after is { } delay ? new(ReconcileNext.RequeueAfter, delay) : Done;

    /// <summary>Puts <paramref name="key"/> back on <paramref name="queue"/> (or not) as this outcome says.</summary>
    public void Follow<TKey>(WorkQueue<TKey> queue, TKey key)
        where TKey : notnull
    {
        switch (Next)
        {
            case ReconcileNext.Done:
                queue.Forget(key);
                break;
            case ReconcileNext.RequeueAfter:
                queue.Forget(key);
                queue.AddAfter(key, After);
                break;
            case ReconcileNext.RetryNow:
                queue.Add(key);
                break;
            case ReconcileNext.RetryWithBackoff:
                queue.AddRateLimited(key);
                break;
        }
    }
}
