namespace Rollouts.Engine.Planning;

/// <summary>The abort of an update, as every strategy applies it.</summary>
internal static class UpdateAbort
{
    /// <summary>
    /// Applies an abort asked for (status.abort) or decided here: <paramref name="forcedAbort"/> (the progress
    /// deadline, with its own Warning event) or else a failed analysis (<paramref name="failure"/>). Records
    /// RolloutAborted once, when the abort begins.
    /// </summary>
    /// <param name="failure">What failed in the analysis of this update, or null; asked only when nothing else aborts.</param>
    /// <param name="describe">The abort message from its cause: what the strategy does on abort.</param>
    /// <param name="requested">The abort message of an abort asked for.</param>
    public static void Apply(
        StrategyContext context, PlanBuilder plan, RolloutDraft draft, (string Reason, string Message)? forcedAbort,
        Func<string?> failure, Func<string, string> describe, string requested)
    {
        if (!draft.Abort && forcedAbort is null && failure() is { } failed)
        {
            forcedAbort = ("AnalysisFailed", failed);
        }

        if (!draft.Abort && forcedAbort is { } decided)
        {
            if (decided.Reason == RolloutStatusWriter.DeadlineReason)
            {
                plan.Record(RecordEvent.Warning, RolloutStatusWriter.DeadlineReason, decided.Message, "ProgressDeadline");
            }

            draft.Abort = true;
            draft.AbortedAt = context.Now;
            draft.AbortMessage = describe(decided.Message);
            plan.Record(RecordEvent.Warning, RolloutStatusWriter.AbortedReason, draft.AbortMessage, decided.Reason);
        }
        else if (draft.Abort && draft.AbortedAt is null)
        {
            draft.AbortedAt = context.Now;
            draft.AbortMessage = requested;
            plan.Record(RecordEvent.Warning, RolloutStatusWriter.AbortedReason, draft.AbortMessage, "AbortRequested");
        }
    }
}
