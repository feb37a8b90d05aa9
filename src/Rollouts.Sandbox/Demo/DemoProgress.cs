using System.Globalization;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Canary;

namespace Rollouts.Sandbox.Demo;

/// <summary>
/// What the demo shows of a rollout in progress, one line per state: the Rollout's phase, step and weight with
/// its message, and each analysis metric's latest measurement. The demo prints a line only when it changed.
/// </summary>
internal static class DemoProgress
{
    /// <summary>"web  Progressing  step 2/4 (analysis)  canary 20%  — message".</summary>
    public static string RolloutLine(Rollout rollout)
    {
        var status = rollout.Status ?? new RolloutStatus();
        var steps = rollout.Spec?.Strategy?.Canary?.Steps ?? [];
        var index = status.CurrentStepIndex ?? 0;
        var updating = status.CurrentPodHash is { } current && current != status.StableRS;
        var step = !updating ? "" : index < steps.Count
            ? $"  step {(index + 1).ToString(CultureInfo.InvariantCulture)}/{steps.Count.ToString(CultureInfo.InvariantCulture)} ({CanarySteps.Describe(steps[index])})"
            : "  steps done";
        var weight = status.Canary?.Weights?.Canary?.Weight ?? 0;
        var message = string.IsNullOrEmpty(status.Message) ? "" : $"  - {status.Message}";
        return $"{rollout.Metadata.Name}  {status.Phase ?? "Pending"}{step}  canary {weight.ToString(CultureInfo.InvariantCulture)}%{message}";
    }

    /// <summary>One line per metric of the runs of <paramref name="podHash"/>: "analysis success-rate = 1 (Successful, 2 of 3)".</summary>
    public static IEnumerable<string> AnalysisLines(IEnumerable<AnalysisRun> runs, string? podHash)
    {
        foreach (var run in runs.Where(r => podHash is not null && r.Metadata.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash) == podHash)
                     .OrderBy(r => r.Metadata.CreationTimestamp).ThenBy(r => r.Metadata.Name, StringComparer.Ordinal))
        {
            foreach (var result in run.Status?.MetricResults ?? [])
            {
                if (result.Measurements is not { Count: > 0 } measurements)
                {
                    continue;
                }

                var last = measurements[^1];
                var count = run.Spec?.Metrics?.FirstOrDefault(m => m.Name == result.Name)?.Count;
                var progress = count is { } total
                    ? $"{(result.Count ?? measurements.Count).ToString(CultureInfo.InvariantCulture)} of {total.ToString(CultureInfo.InvariantCulture)}"
                    : $"{(result.Count ?? measurements.Count).ToString(CultureInfo.InvariantCulture)} so far";
                yield return $"  analysis {run.Metadata.Name}: {result.Name} = {last.Value ?? "-"} ({last.Phase}, {progress}){(run.Status?.Phase is { } phase && AnalysisPhase.IsCompleted(phase) ? $" -> run {phase}" : "")}";
            }
        }
    }
}
