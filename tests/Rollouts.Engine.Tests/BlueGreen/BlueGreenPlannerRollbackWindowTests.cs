using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.BlueGreen;

/// <summary>
/// spec.rollbackWindow.revisions with blue-green: a rollback to one of the last N revisions skips the pre-promotion
/// analysis, the pause before promotion and the post-promotion analysis; the active service still switches only once
/// the old version is fully available again. Any other update runs them.
/// </summary>
public sealed class BlueGreenPlannerRollbackWindowTests
{
    private static readonly RolloutAnalysis SuccessRate = new() { Templates = [new AnalysisTemplateReference { TemplateName = "success-rate" }] };

    /// <summary>web:1, web:2, web:3 delivered in turn (web:3 active and stable), with both analyses and manual promotion.</summary>
    private static RolloutWorld ThreeRevisions(int? window)
    {
        var world = RolloutWorld.CreateBlueGreen(3, s => s with
        {
            PrePromotionAnalysis = SuccessRate,
            PostPromotionAnalysis = SuccessRate,
            AutoPromotionEnabled = false,
            ScaleDownDelaySeconds = 30,
        });
        world.Run();
        world.DeliverInFull("web:2", "web:3");
        world.SetRollbackWindow(window);
        world.Run();
        Assert.Empty(world.AnalysisRuns);
        Assert.Equal(("0/0", "0/0"), (world.SizeOf("web:1"), world.SizeOf("web:2")));
        return world;
    }

    [Fact]
    public void A_rollback_within_the_window_switches_without_analysis_or_pause_and_says_why()
    {
        var world = ThreeRevisions(3);
        world.ReadyAfterTicks = 2;

        world.SetImage("web:1");
        world.Reconcile();

        var rollback = world.Expand("rollback to web-{v1}, 2 revisions before stable web-{v3}, within rollbackWindow (3 revisions)");
        var recorded = Assert.Single(world.Events, e => e.Reason == StrategyContext.RollbackWindowReason);
        Assert.Equal($"{rollback}: analysis and pause skipped; web-{world.Expand("{v1}")} is promoted once available", recorded.Message);
        Assert.StartsWith($"{rollback}: waiting for ReplicaSet web-{world.Expand("{v1}")}", world.Status.Message, StringComparison.Ordinal);

        var plans = world.Run();

        Assert.Equal((RolloutPhase.Healthy, world.Expand("{v1}"), world.Expand("{v1}")), (world.Status.Phase, world.Status.StableRS, world.Active));
        Assert.Empty(world.AnalysisRuns);
        Assert.DoesNotContain(plans, p => p.Status.PauseConditions is { Count: > 0 });
        var switched = plans.Select(p => p.Actions.Any(a => a.ToString() == world.Expand("select web-active {v1}"))).ToList().IndexOf(true);
        Assert.True(switched > 0, "the active service switched at once, before the old version was available again");
    }

    [Theory]
    [InlineData(2)]     // web:1 is outside a window of web:3 and web:2
    [InlineData(0)]
    [InlineData(null)]
    public void A_rollback_outside_the_window_runs_the_pre_promotion_analysis(int? window)
    {
        var world = ThreeRevisions(window);

        world.SetImage("web:1");
        world.Run();

        Assert.NotNull(world.PromotionRunFor("web:1", pre: true));
        Assert.Equal(world.Expand("{v3}"), world.Active);
        Assert.Contains("waiting for pre-promotion AnalysisRun", world.Status.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Events, e => e.Reason == StrategyContext.RollbackWindowReason);
    }

    [Fact]
    public void A_new_version_runs_the_analysis_and_the_pause_whatever_the_window()
    {
        var world = ThreeRevisions(3);

        world.SetImage("web:4");
        world.Run();

        Assert.NotNull(world.PromotionRunFor("web:4", pre: true));
        Assert.Equal(world.Expand("{v3}"), world.Active);
        Assert.DoesNotContain(world.Events, e => e.Reason == StrategyContext.RollbackWindowReason);
    }
}
