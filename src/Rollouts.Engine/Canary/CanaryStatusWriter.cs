using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Canary;

/// <summary>The next status of a canary: what every strategy writes (<see cref="RolloutStatusWriter"/>), and status.canary.</summary>
internal static class CanaryStatusWriter
{
    public const string AbortedReason = RolloutStatusWriter.AbortedReason;
    public const string DeadlineReason = RolloutStatusWriter.DeadlineReason;

    /// <param name="updating">A canary is in progress (its hash differs from the stable one).</param>
    /// <param name="complete">No update, and the stable ReplicaSet has all its pods available.</param>
    /// <param name="waiting">What the rollout waits for that should come by itself; the deadline runs.</param>
    /// <param name="holding">What it waits for on purpose (a pause, an analysis); the deadline does not run.</param>
    /// <param name="deadlineAbort">True when the deadline passed and the spec asks to abort then.</param>
    public static Plan Finish(
        CanaryContext context, PlanBuilder plan, CanaryDraft draft,
        bool updating, bool complete, string? waiting, string? holding, out bool deadlineAbort)
    {
        if (waiting is not null && CanaryStepEvaluator.TrafficProblem(context) is { } problem && waiting.Contains(problem, StringComparison.Ordinal))
        {
            MissingReference.RecordWhenNew(plan, problem, context.Previous.Message);
        }

        return RolloutStatusWriter.Finish(
            context, plan, draft, context.Steps.Count > 0 ? draft.StepIndex : null,
            status => status with { Canary = CanaryFields(context.Previous.Canary, draft, updating) },
            updating, complete, waiting, holding, out deadlineAbort);
    }

    /// <summary>status.canary: the weights, the runs followed, the try and the background run promoted past; null when it was null and stays empty.</summary>
    private static CanaryStatus? CanaryFields(CanaryStatus? previous, CanaryDraft draft, bool updating)
    {
        var next = (previous ?? new CanaryStatus()) with
        {
            Weights = draft.Weights,
            CurrentStepAnalysisRunStatus = draft.StepRun,
            CurrentBackgroundAnalysisRunStatus = draft.BackgroundRun,
            AnalysisAttempt = updating && draft.AnalysisAttempt > 1 ? draft.AnalysisAttempt : null,
            PromotedInconclusiveBackgroundRun = updating ? draft.PromotedInconclusiveBackgroundRun : null,
        };
        return previous is null && next == new CanaryStatus() ? null : next;
    }
}
