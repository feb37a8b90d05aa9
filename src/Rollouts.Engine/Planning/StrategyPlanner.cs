namespace Rollouts.Engine.Planning;

/// <summary>
/// The shape both strategies share: one pass over one observation with a fresh plan, which settles which version is
/// stable (<see cref="StableRevision"/>) and plans either the steady state (the template is the stable version) or
/// an update from the stable version. The progress deadline's abort plans a second pass (<see cref="DeadlineAbort"/>).
/// </summary>
internal abstract class StrategyPlanner<TContext>(TContext context, Observation observation)
    where TContext : StrategyContext
{
    protected TContext Context { get; } = context;

    /// <summary>What this pass decides.</summary>
    protected PlanBuilder Decisions { get; } = new(observation);

    /// <summary>What a version that becomes stable because the stable ReplicaSet is gone skips ("steps", "promotion").</summary>
    protected abstract string SkippedWithoutStable { get; }

    /// <summary>One pass: <see cref="StrategyPass"/>.</summary>
    protected Plan Run((string Reason, string Message)? forcedAbort, out bool deadlineAbort)
    {
        var stable = StableRevision.Resolve(Context, Decisions, SkippedWithoutStable);
        return stable == Context.DesiredHash
            ? Steady(previousStable: Context.Previous.StableRS, promoted: false, out deadlineAbort)
            : Update(stable, forcedAbort, out deadlineAbort);
    }

    /// <summary>The template is the stable version.</summary>
    /// <param name="previousStable">The version that was stable before this pass (scaled down after its delay when it is another).</param>
    /// <param name="promoted">This pass promoted the update that just ended.</param>
    protected abstract Plan Steady(string? previousStable, bool promoted, out bool deadlineAbort);

    /// <summary>The template differs from <paramref name="stable"/>: an update.</summary>
    protected abstract Plan Update(string stable, (string Reason, string Message)? forcedAbort, out bool deadlineAbort);
}
