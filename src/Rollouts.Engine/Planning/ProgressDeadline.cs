namespace Rollouts.Engine.Planning;

/// <summary>
/// progressDeadlineSeconds: how long a rollout may go without progress before it is Degraded. The clock
/// starts at the last progress (kept in the Progressing condition's lastUpdateTime) and does not run while
/// the rollout waits on purpose (a pause, an abort, an analysis, nothing to do); leaving such a state counts
/// as progress, so a long manual pause never uses up the deadline.
/// </summary>
internal static class ProgressDeadline
{
    /// <param name="lastProgress">The previous last progress; null when there was none yet.</param>
    /// <param name="progressed">This reconcile changed something (an action, a step, a pause, pod counts).</param>
    /// <param name="waitingOnPurpose">The rollout is paused, aborted, analysing or done.</param>
    public static (DateTimeOffset LastProgress, bool Exceeded, DateTimeOffset? CheckAt) Evaluate(
        DateTimeOffset? lastProgress, bool progressed, bool waitingOnPurpose, int deadlineSeconds, DateTimeOffset now)
    {
        var last = progressed || lastProgress is null ? now : lastProgress.Value;
        if (waitingOnPurpose)
        {
            return (last, false, null);
        }

        var due = last.AddSeconds(deadlineSeconds);
        return now >= due ? (last, true, null) : (last, false, due);
    }
}
