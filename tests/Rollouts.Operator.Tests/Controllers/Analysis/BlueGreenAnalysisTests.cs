using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Controllers.Analysis;

/// <summary>
/// samples/bluegreen.yaml with its analyses, end to end: the sandbox sends traffic through the active and preview
/// ingresses (each version answering with the error rate of its pod template), a real Prometheus scrapes it every
/// second, and the operator judges the preview before the switch and the active version after it.
/// </summary>
[Collection(PrometheusWorlds.Name)]
public sealed class BlueGreenAnalysisTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static string? Active(RolloutWorld world) =>
        world.State.Service("web-active")?.Spec?.Selector?.GetValueOrDefault(RolloutLabels.PodTemplateHash);

    private static async Task<string> GivenHealthyAsync(RolloutWorld world, BlueGreenSample sample)
    {
        await world.ApplyAsync(sample.Yaml());
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");
        return world.Status.StableRS!;
    }

    [Fact]
    public async Task A_preview_that_fails_half_its_requests_is_aborted_by_pre_promotion_analysis_and_never_gets_production_traffic()
    {
        await using var world = await RolloutWorld.StartAsync(withPrometheus: true);
        var stable = await GivenHealthyAsync(world, new BlueGreenSample { PrePromotionAnalysis = true, AutoPromotion = true });

        await world.SetImageAsync("web:1.1", env: new Dictionary<string, string> { ["ERROR_RATE"] = "0.5" });

        await world.WaitForAsync(s => s.Phase == RolloutPhase.Degraded && s.Abort == true, "pre-promotion analysis to abort the update", Deadline);
        Assert.Equal(stable, Active(world));
        Assert.Equal(stable, world.Status.StableRS);
        Assert.Contains("pre-promotion analysis failed", world.Status.Message, StringComparison.Ordinal);
        Assert.Equal(AnalysisPhase.Failed, world.Status.BlueGreen?.PrePromotionAnalysisRunStatus?.Status);
        Assert.DoesNotContain(world.Checks.Statuses, s => s.BlueGreen?.ActiveSelector is { } active && active != stable);
        world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task A_version_that_fails_after_the_switch_is_switched_back_by_post_promotion_analysis()
    {
        await using var world = await RolloutWorld.StartAsync(withPrometheus: true);
        var stable = await GivenHealthyAsync(world, new BlueGreenSample { PrePromotionAnalysis = false, PostPromotionAnalysis = true, AutoPromotion = true, ScaleDownDelaySeconds = 5 });

        await world.SetImageAsync("web:1.1", env: new Dictionary<string, string> { ["ERROR_RATE"] = "0.6" });
        await world.WaitUntilAsync(() => Active(world) is { } active && active != stable, "the active service to switch to the new version", Deadline);

        await world.WaitForAsync(s => s.Phase == RolloutPhase.Degraded && s.Abort == true, "post-promotion analysis to abort the update", Deadline);
        await world.WaitUntilAsync(() => Active(world) == stable, "the active service to be back on the old version");
        Assert.Equal(stable, world.Status.StableRS);
        Assert.Contains("post-promotion analysis failed", world.Status.Message, StringComparison.Ordinal);
        Assert.Equal(AnalysisPhase.Failed, world.Status.BlueGreen?.PostPromotionAnalysisRunStatus?.Status);
        // The old version was never scaled down while the new one was judged: it takes the traffic back at once.
        Assert.Equal(3, world.ReplicaSetOf(stable)?.Spec?.Replicas);
        world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task A_healthy_version_passes_both_analyses_and_is_promoted_when_asked()
    {
        await using var world = await RolloutWorld.StartAsync(withPrometheus: true);
        var stable = await GivenHealthyAsync(world, new BlueGreenSample { PrePromotionAnalysis = true, PostPromotionAnalysis = true });

        await world.SetImageAsync("web:1.1");
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Paused && s.BlueGreen?.PrePromotionAnalysisRunStatus?.Status == AnalysisPhase.Successful,
            "pre-promotion analysis to pass and the Rollout to pause", Deadline);
        Assert.Equal(stable, Active(world));
        await world.PromoteAsync();

        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS != stable, "post-promotion analysis to pass and the new version to be stable", Deadline);
        Assert.Equal(world.Status.StableRS, Active(world));
        world.ThenNoInvariantWasBroken();
    }
}
