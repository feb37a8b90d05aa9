namespace Rollouts.Engine.Planning;

/// <summary>
/// One pass of a strategy over an observation, with a fresh plan: <paramref name="forcedAbort"/> aborts the update
/// (reason and message) when set; <paramref name="deadlineAbort"/> says that the progress deadline passed and the
/// spec asks to abort then.
/// </summary>
internal delegate Plan StrategyPass((string Reason, string Message)? forcedAbort, out bool deadlineAbort);

/// <summary>progressDeadlineAbort: the pass that finds the deadline passed is planned again, as an abort.</summary>
internal static class DeadlineAbort
{
    /// <summary>
    /// Plans with a new pass from <paramref name="start"/>; when that pass finds that the update must abort for the
    /// deadline, its plan is dropped and a new pass plans the abort, with the deadline message as the reason.
    /// </summary>
    public static Plan Plan(Func<StrategyPass> start)
    {
        var plan = start()(forcedAbort: null, out var deadlineAbort);
        return deadlineAbort
            ? start()((RolloutStatusWriter.DeadlineReason, plan.Status.Message ?? "progress deadline exceeded"), out _)
            : plan;
    }
}
