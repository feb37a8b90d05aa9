using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>
/// spec.rollbackWindow.revisions: a template that is one of the last N revisions (the stable one counts as the first)
/// and older than the stable one is a rollback to a recent version; its update skips the steps and all analysis and
/// goes straight to promotion, once the canary has every pod available. Any other update runs the steps.
/// </summary>
public sealed class CanaryPlannerRollbackWindowTests
{
    private const string StepsWithAnalysis = "setWeight 20, analysis, setWeight 60, pause";

    /// <summary>web:1, web:2, web:3 delivered in turn (web:3 stable), with background analysis from the first step.</summary>
    private static RolloutWorld ThreeRevisions(int? window)
    {
        var world = RolloutWorld.Create(StepsWithAnalysis, strategy: c => c with
        {
            Analysis = new RolloutAnalysis { Templates = [new AnalysisTemplateReference { TemplateName = "error-rate" }] },
        });
        world.Run();
        world.DeliverInFull("web:2", "web:3");
        world.SetRollbackWindow(window);
        Assert.Empty(world.AnalysisRuns);
        return world;
    }

    [Theory]
    [InlineData(3, "web:2", true)]   // the revision before the stable one
    [InlineData(3, "web:1", true)]   // two before: the window holds web:3, web:2, web:1
    [InlineData(2, "web:2", true)]
    [InlineData(2, "web:1", false)]  // outside the window
    [InlineData(1, "web:2", false)]  // a window of one holds only the stable revision
    [InlineData(0, "web:2", false)]
    [InlineData(null, "web:2", false)]
    [InlineData(3, "web:4", false)]  // a new version is no rollback
    public void Only_a_rollback_within_the_window_skips_the_steps(int? window, string image, bool fastTracked)
    {
        var world = ThreeRevisions(window);

        world.SetImage(image);
        var first = world.Reconcile();

        var events = first.Actions.OfType<RecordEvent>().Select(e => e.Reason).ToList();
        Assert.Equal(fastTracked, events.Contains(StrategyContext.RollbackWindowReason));
        var firstStepTold = first.Actions.OfType<RecordEvent>().Any(e => e.Reason == "UpdateStarted" && e.Message.Contains("; step 1/", StringComparison.Ordinal));
        Assert.Equal(!fastTracked, firstStepTold);
        Assert.Equal(fastTracked ? 4 : 0, world.Status.CurrentStepIndex);
    }

    [Fact]
    public void A_rollback_within_the_window_is_promoted_without_steps_or_analysis_and_says_why()
    {
        var world = ThreeRevisions(3);
        world.ReadyAfterTicks = 2;

        world.SetImage("web:2");
        world.Reconcile();

        var rollback = world.Expand("rollback to web-{v2}, the revision before stable web-{v3}, within rollbackWindow (3 revisions)");
        var recorded = Assert.Single(world.Events, e => e.Reason == StrategyContext.RollbackWindowReason);
        Assert.Equal($"{rollback}: steps 1 to 4 and their analysis skipped; promoting", recorded.Message);
        Assert.Equal(RolloutPhase.Progressing, world.Status.Phase);
        Assert.StartsWith($"{rollback}: waiting for canary", world.Status.Message, StringComparison.Ordinal);

        var plans = world.Run();

        Assert.Equal((RolloutPhase.Healthy, world.Expand("{v2}")), (world.Status.Phase, world.Status.StableRS));
        Assert.Empty(world.AnalysisRuns);
        Assert.DoesNotContain(plans.SelectMany(p => p.Actions), a => a is RecordEvent { Reason: "StepStarted" or "RolloutPaused" });
        Assert.DoesNotContain(plans, p => p.Status.PauseConditions is { Count: > 0 });
        var promoted = world.Status.History!.Last(d => d.Action == "RolloutPromoted");
        Assert.Equal((world.Expand("canary web-{v2} promoted to stable, replacing web-{v3}"), "RollbackWindow"), (promoted.Message, promoted.Reason));
    }

    [Fact]
    public void A_rollback_outside_the_window_runs_its_steps_and_analysis()
    {
        var world = ThreeRevisions(2);

        world.SetImage("web:1");
        world.Run(w => w.Status.CurrentStepIndex == 1);

        Assert.Equal(20, world.CanaryWeight);
        Assert.NotNull(world.RunFor("web:1", 1));
        Assert.NotNull(world.RunFor("web:1", null));
        Assert.DoesNotContain(world.Events, e => e.Reason == StrategyContext.RollbackWindowReason);
    }

    [Fact]
    public void An_update_under_way_that_is_undone_to_a_revision_within_the_window_goes_straight_to_promotion()
    {
        var world = ThreeRevisions(3);
        world.SetImage("web:4");
        world.Run(w => w.Status.CurrentStepIndex == 1 && w.RunFor("web:4", 1) is not null);

        world.SetImage("web:2");
        world.Run();

        Assert.Equal((RolloutPhase.Healthy, world.Expand("{v2}")), (world.Status.Phase, world.Status.StableRS));
        Assert.Null(world.RunFor("web:2", 1));
        Assert.True(world.RunFor("web:4", 1)!.Spec!.Terminate);
    }
}
