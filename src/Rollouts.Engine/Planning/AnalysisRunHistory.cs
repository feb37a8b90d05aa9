using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Planning;

/// <summary>
/// Deletes the Rollout's oldest finished AnalysisRuns beyond spec.analysis.successfulRunHistoryLimit (Successful runs)
/// and spec.analysis.unsuccessfulRunHistoryLimit (Failed, Error and Inconclusive runs), 5 each by default. Never a run
/// that has not ended (or is being deleted), and never one the next status names (the current step's and background
/// runs, and the background run promoted past), which the planner still reads.
/// </summary>
internal static class AnalysisRunHistory
{
    /// <param name="referenced">The run names the next status holds.</param>
    public static void Plan(PlanBuilder plan, Rollout rollout, IReadOnlyList<AnalysisRun> runs, IEnumerable<string?> referenced)
    {
        var history = rollout.Spec?.Analysis;
        var keep = new HashSet<string>(referenced.OfType<string>(), StringComparer.Ordinal);
        var finished = runs
            .Where(r => r.Metadata.Name is { Length: > 0 } name && !keep.Contains(name) && r.Metadata.DeletionTimestamp is null &&
                        AnalysisPhase.IsCompleted(r.Status?.Phase))
            .OrderByDescending(r => r.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue)
            .ThenByDescending(r => r.Metadata.Name, StringComparer.Ordinal)
            .ToList();

        var successful = Math.Max(0, history?.SuccessfulRunHistoryLimit ?? RolloutDefaults.SuccessfulRunHistoryLimit);
        var unsuccessful = Math.Max(0, history?.UnsuccessfulRunHistoryLimit ?? RolloutDefaults.UnsuccessfulRunHistoryLimit);
        var beyond = finished.Where(r => r.Status!.Phase == AnalysisPhase.Successful).Skip(successful)
            .Concat(finished.Where(r => r.Status!.Phase != AnalysisPhase.Successful).Skip(unsuccessful));
        foreach (var run in beyond.OrderBy(r => r.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue).ThenBy(r => r.Metadata.Name, StringComparer.Ordinal))
        {
            plan.Add(new DeleteAnalysisRun(run.Metadata.Name!));
        }
    }
}
