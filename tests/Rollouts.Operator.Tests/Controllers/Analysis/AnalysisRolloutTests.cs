using System.Globalization;
using System.Text.RegularExpressions;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Controllers.Analysis;

/// <summary>
/// Canaries gated by analysis, end to end: the sandbox simulates traffic through the ingresses (each version
/// answering with the error rate and latency of its pod template), a real Prometheus scrapes it every second, and
/// the operator starts AnalysisRuns from samples/canary-analysis.yaml and samples/canary-judge.yaml, measures
/// them against that Prometheus (its default address), and promotes, pauses or aborts on their verdicts. The tests
/// run one after the other (each runs its own Prometheus, which must keep its one-second scrapes on time).
/// </summary>
[Collection(PrometheusWorlds.Name)]
public sealed class AnalysisRolloutTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_healthy_version_passes_its_analysis_steps_and_is_promoted()
    {
        await using var world = await RolloutWorld.StartAsync(withPrometheus: true);
        await world.ApplyAsync(new AnalysisSample().CanaryAnalysisYaml());
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");
        var stable = world.Status.StableRS;

        await world.SetImageAsync("web:1.1");

        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS != stable, "the canary to pass its analyses and be promoted", Deadline);
        var canary = world.Status.StableRS;
        // The background run is terminated at promotion; the AnalysisRun controller ends it just after.
        await world.WaitUntilAsync(() => RunsOf(world, canary).All(r => AnalysisPhase.IsCompleted(r.Status?.Phase)), "every run of the canary to end");
        var runs = RunsOf(world, canary);
        Assert.True(runs.Count == 3, $"runs of {canary}: {Describe(runs)}");
        Assert.All(runs, run => Assert.Equal(AnalysisPhase.Successful, run.Status?.Phase));
        var steps = runs.Where(r => r.Spec?.Terminate != true).ToList();
        Assert.True(steps.Count == 2, $"step runs that ended on their own: {Describe(runs)}");
        Assert.All(steps, run => Assert.Equal(3, run.Status?.MetricResults?.Single().Measurements?.Count));
        Assert.All(steps, run => Assert.Equal("1", run.Status?.MetricResults?.Single().Measurements?[^1].Value?.TrimStart('[').TrimEnd(']')));
        Assert.Contains(20, world.Checks.IngressWeights);
        Assert.Contains(50, world.Checks.IngressWeights);
        Assert.Null(world.State.Ingress(RolloutWorld.CanaryIngress));
        world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task A_version_that_fails_30_percent_of_requests_is_aborted_by_its_analysis_step_with_the_value_in_the_message()
    {
        await using var world = await RolloutWorld.StartAsync(withPrometheus: true);
        await world.ApplyAsync(new AnalysisSample { Background = false }.CanaryAnalysisYaml());
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");
        var stable = world.Status.StableRS;

        await world.SetImageAsync("web:1.1", env: new Dictionary<string, string> { ["ERROR_RATE"] = "0.3" });

        await world.WaitForAsync(s => s.Phase == RolloutPhase.Degraded && s.Abort == true, "the analysis to abort the canary", Deadline);
        Assert.Equal(0, world.IngressWeight);
        Assert.Equal(0, world.Status.Canary?.Weights?.Canary?.Weight);
        Assert.Equal(stable, world.Status.StableRS);
        Assert.Equal(1, world.Status.CurrentStepIndex);
        var message = world.Status.Message ?? "";
        Assert.Contains("success-rate", message, StringComparison.Ordinal);
        var value = Regex.Match(message, @"0\.[0-9]+");
        Assert.True(value.Success, $"no failing value in \"{message}\"");
        Assert.InRange(double.Parse(value.Value, CultureInfo.InvariantCulture), 0.5, 0.9);
        var failed = Assert.Single(RunsOf(world, world.Status.CurrentPodHash));
        Assert.Equal(AnalysisPhase.Failed, failed.Status?.Phase);
        world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task An_inconclusive_analysis_pauses_the_canary_until_promoted()
    {
        await using var world = await RolloutWorld.StartAsync(withPrometheus: true);
        await world.ApplyAsync(new AnalysisSample { Background = false, FailureBelow = "0.5" }.CanaryAnalysisYaml());
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");

        await world.SetImageAsync("web:1.1", env: new Dictionary<string, string> { ["ERROR_RATE"] = "0.25" });

        await world.WaitForAsync(s => s.Phase == RolloutPhase.Paused && s.CurrentStepIndex == 1 &&
                                      (s.PauseConditions ?? []).Any(c => c.Reason == "InconclusiveAnalysis"),
            "the inconclusive analysis to pause the canary", Deadline);
        Assert.Equal(20, world.IngressWeight);
        Assert.Contains("inconclusive", world.Status.Message ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(true, world.Status.Abort);

        await world.PromoteAsync();

        await world.WaitForAsync(s => s.CurrentStepIndex >= 3, "the promoted canary to go on to the next analysis", Deadline);
        Assert.Equal(50, world.IngressWeight);
        world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task An_inconclusive_background_analysis_pauses_the_canary_until_promoted_past_it()
    {
        await using var world = await RolloutWorld.StartAsync(withPrometheus: true);
        await world.ApplyAsync(new AnalysisSample { StepAnalysesAsPauses = true, BackgroundFailureFrom = "0.5" }.CanaryAnalysisYaml());
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");
        var stable = world.Status.StableRS;

        // A quarter of the canary's requests fail: neither the background's success (<= 0.1) nor its failure (>= 0.5).
        await world.SetImageAsync("web:1.1", env: new Dictionary<string, string> { ["ERROR_RATE"] = "0.25" });

        await world.WaitForAsync(s => s.Phase == RolloutPhase.Paused && (s.PauseConditions ?? []).Any(c => c.Reason == "InconclusiveAnalysis"),
            "the inconclusive background analysis to pause the canary", Deadline);
        var status = world.Status;
        var run = status.Canary?.CurrentBackgroundAnalysisRunStatus;
        Assert.Equal(AnalysisPhase.Inconclusive, run?.Status);
        Assert.Equal(1, status.CurrentStepIndex);
        Assert.Equal(20, world.IngressWeight);
        Assert.NotEqual(true, status.Abort);
        Assert.StartsWith($"paused at step 2/4: background analysis inconclusive (AnalysisRun {run!.Name}: ", status.Message, StringComparison.Ordinal);
        Assert.Contains("error-rate", status.Message, StringComparison.Ordinal);
        Assert.Equal(AnalysisPhase.Inconclusive, world.State.AnalysisRun(run.Name!)?.Status?.Phase);

        await world.PromoteAsync();

        // On past it, to the last pause step, which pauses for itself only: the run promoted past does not pause again.
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Paused && s.CurrentStepIndex == 3,
            "the promoted canary to go on to the last pause", Deadline);
        Assert.Equal(["CanaryPauseStep"], world.Status.PauseConditions?.Select(c => c.Reason));
        Assert.Equal(run.Name, world.Status.Canary?.PromotedInconclusiveBackgroundRun);
        Assert.Equal(50, world.IngressWeight);

        await world.PromoteAsync();

        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS != stable, "the canary to be promoted", Deadline);
        Assert.Null(world.Status.Canary?.PromotedInconclusiveBackgroundRun);
        Assert.Equal(AnalysisPhase.Inconclusive, world.State.AnalysisRun(run.Name!)?.Status?.Phase);
        world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task The_background_analysis_aborts_the_canary_in_the_middle_of_a_pause()
    {
        await using var world = await RolloutWorld.StartAsync(withPrometheus: true);
        await world.ApplyAsync(new AnalysisSample { StepAnalysesAsPauses = true }.CanaryAnalysisYaml());
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");

        await world.SetImageAsync("web:1.1", env: new Dictionary<string, string> { ["ERROR_RATE"] = "0.5" });
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Paused && s.CurrentStepIndex == 1, "the canary to pause at 20 %", Deadline);

        await world.WaitForAsync(s => s.Phase == RolloutPhase.Degraded && s.Abort == true, "the background analysis to abort the canary", Deadline);
        Assert.Equal(0, world.IngressWeight);
        Assert.Contains("background", world.Status.Message ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Contains("error-rate", world.Status.Message ?? "", StringComparison.Ordinal);
        var background = Assert.Single(RunsOf(world, world.Status.CurrentPodHash));
        Assert.Equal(AnalysisPhase.Failed, background.Status?.Phase);
        world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task The_judge_passes_a_version_as_fast_as_stable()
    {
        await using var world = await RolloutWorld.StartAsync(withPrometheus: true);
        await world.ApplyAsync(AnalysisSample.CanaryJudgeYaml());
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");
        var stable = world.Status.StableRS;

        await world.SetImageAsync("web:1.1");

        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS != stable, "the judge to pass the canary", Deadline);
        var run = Assert.Single(RunsOf(world, world.Status.StableRS));
        Assert.Equal(AnalysisPhase.Successful, run.Status?.Phase);
        world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task The_judge_fails_a_version_with_doubled_latency()
    {
        await using var world = await RolloutWorld.StartAsync(withPrometheus: true);
        await world.ApplyAsync(AnalysisSample.CanaryJudgeYaml());
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");

        await world.SetImageAsync("web:1.1", env: new Dictionary<string, string> { ["LATENCY_MS"] = "20" });

        await world.WaitForAsync(s => s.Phase == RolloutPhase.Degraded && s.Abort == true, "the judge to fail the canary", Deadline);
        Assert.Equal(0, world.IngressWeight);
        Assert.Contains("latency", world.Status.Message ?? "", StringComparison.Ordinal);
        var run = Assert.Single(RunsOf(world, world.Status.CurrentPodHash));
        Assert.Equal(AnalysisPhase.Failed, run.Status?.Phase);
        world.ThenNoInvariantWasBroken();
    }

    private static List<AnalysisRun> RunsOf(RolloutWorld world, string? hash) =>
        [.. world.State.AnalysisRuns().Where(r => r.Metadata.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash) == hash)];

    private static string Describe(IEnumerable<AnalysisRun> runs) =>
        string.Join("; ", runs.Select(r => $"{r.Metadata.Name} {r.Status?.Phase} terminate={r.Spec?.Terminate} \"{r.Status?.Message}\""));
}
