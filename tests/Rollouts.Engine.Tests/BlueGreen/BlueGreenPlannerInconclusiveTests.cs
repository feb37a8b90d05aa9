using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.BlueGreen;

/// <summary>
/// A pre- or post-promotion run that ends Inconclusive pauses the update (pause condition InconclusiveAnalysis) with
/// a message naming the run and its metric, as the canary does; promote goes on past it, and the status remembers the
/// run promoted past so that it never pauses the update again. The runs of a retry pause again.
/// </summary>
public sealed class BlueGreenPlannerInconclusiveTests
{
    private const string Why = "metric success-rate: 0.95 meets neither condition";
    private const string InconclusiveReason = "InconclusiveAnalysis";

    private static readonly RolloutAnalysis SuccessRate = new() { Templates = [new AnalysisTemplateReference { TemplateName = "success-rate" }] };

    /// <summary>web:2 updating, its pre- (or post-) promotion run just started.</summary>
    private static RolloutWorld Analysing(bool pre, Func<BlueGreenStrategy, BlueGreenStrategy>? more = null)
    {
        var world = RolloutWorld.CreateBlueGreen(3, s =>
        {
            var analysed = pre ? s with { PrePromotionAnalysis = SuccessRate } : s with { PostPromotionAnalysis = SuccessRate };
            return more?.Invoke(analysed) ?? analysed;
        });
        world.Run();
        world.SetImage("web:2");
        world.Run(w => w.PromotionRunFor("web:2", pre) is not null);
        return world;
    }

    [Fact]
    public void An_inconclusive_pre_promotion_run_pauses_before_the_switch_naming_the_run_and_its_metric()
    {
        var world = Analysing(pre: true);
        var run = world.PromotionRunFor("web:2", pre: true)!.Metadata.Name!;

        world.FinishPromotionAnalysis(pre: true, AnalysisPhase.Inconclusive, Why);
        world.Run();

        var message = $"paused before promotion: pre-promotion analysis inconclusive (AnalysisRun {run}: {Why}); promote to go on or abort";
        Assert.Equal((RolloutPhase.Paused, message), (world.Status.Phase, world.Status.Message));
        Assert.Equal([InconclusiveReason], world.Status.PauseConditions!.Select(c => c.Reason));
        var paused = RolloutConditions.Find(world.Status.Conditions, RolloutConditionType.Paused)!;
        Assert.Equal(("True", InconclusiveReason), (paused.Status, paused.Reason));
        Assert.Equal(world.Expand("{v1}"), world.Active);
        var warning = Assert.Single(world.Events, e => e.Reason == "AnalysisInconclusive");
        Assert.Equal((RecordEvent.Warning, message), (warning.Type, warning.Message));
        Assert.Null(world.Status.BlueGreen!.PromotedInconclusiveAnalysisRun);

        // It stays paused, however long it waits, and records nothing more.
        world.Advance(TimeSpan.FromHours(1));
        Assert.True(world.Plan().IsEmpty);
    }

    [Fact]
    public void Promote_goes_on_past_the_inconclusive_pre_promotion_run_and_it_never_pauses_the_update_again()
    {
        var world = Analysing(pre: true, s => s with { PreviewReplicaCount = 1 });
        var run = world.PromotionRunFor("web:2", pre: true)!.Metadata.Name!;
        world.FinishPromotionAnalysis(pre: true, AnalysisPhase.Inconclusive, Why);
        world.Run();

        world.Promote();
        var plans = world.Run();

        Assert.Contains(plans[0].Actions, a => a is RecordEvent { Reason: "RolloutResumed" });
        Assert.Equal(run, plans[0].Status.BlueGreen!.PromotedInconclusiveAnalysisRun);
        Assert.DoesNotContain(plans, p => p.Status.PauseConditions is { Count: > 0 });
        Assert.Equal((RolloutPhase.Healthy, world.Expand("{v2}"), world.Expand("{v2}")), (world.Status.Phase, world.Status.StableRS, world.Active));
        Assert.Single(world.Events, e => e.Reason == "AnalysisInconclusive");
        Assert.Null(world.Status.BlueGreen!.PromotedInconclusiveAnalysisRun);
    }

    [Fact]
    public void With_manual_promotion_the_pause_before_promotion_follows_the_inconclusive_run()
    {
        var world = Analysing(pre: true, s => s with { AutoPromotionEnabled = false });
        world.FinishPromotionAnalysis(pre: true, AnalysisPhase.Inconclusive, Why);
        world.Run();

        world.Promote();
        world.Run();

        Assert.Equal(["BlueGreenPause"], world.Status.PauseConditions!.Select(c => c.Reason));
        Assert.Equal(world.Expand("{v1}"), world.Active);

        world.Promote();
        world.Run();

        Assert.Equal((RolloutPhase.Healthy, world.Expand("{v2}")), (world.Status.Phase, world.Active));
    }

    [Fact]
    public void An_inconclusive_post_promotion_run_pauses_after_the_switch_and_promote_keeps_the_new_version()
    {
        var world = Analysing(pre: false);
        var run = world.PromotionRunFor("web:2", pre: false)!.Metadata.Name!;

        world.FinishPromotionAnalysis(pre: false, AnalysisPhase.Inconclusive, Why);
        world.Run();

        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
        Assert.Equal(
            world.Expand($"paused after the switch: post-promotion analysis inconclusive (AnalysisRun {run}: {Why}); promote to keep web-{{v2}} or abort to switch back to web-{{v1}}"),
            world.Status.Message);
        Assert.Equal([InconclusiveReason], world.Status.PauseConditions!.Select(c => c.Reason));
        Assert.Equal((world.Expand("{v2}"), world.Expand("{v1}"), "3/3"), (world.Active, world.Status.StableRS, world.SizeOf("web:1")));

        world.Promote();
        world.Run();

        Assert.Equal((RolloutPhase.Healthy, world.Expand("{v2}"), world.Expand("{v2}")), (world.Status.Phase, world.Status.StableRS, world.Active));
        Assert.Single(world.Events, e => e.Reason == "AnalysisInconclusive");
    }

    [Fact]
    public void Abort_during_the_post_promotion_pause_switches_back()
    {
        var world = Analysing(pre: false);
        world.FinishPromotionAnalysis(pre: false, AnalysisPhase.Inconclusive, Why);
        world.Run();

        world.Abort();
        world.Run();

        Assert.Equal((RolloutPhase.Degraded, world.Expand("{v1}"), world.Expand("{v1}")), (world.Status.Phase, world.Active, world.Status.StableRS));
        Assert.Null(world.Status.PauseConditions);
    }

    [Fact]
    public void The_run_of_a_retry_pauses_again()
    {
        var world = Analysing(pre: true);
        world.FinishPromotionAnalysis(pre: true, AnalysisPhase.Inconclusive, Why);
        world.Run();
        world.Abort();
        world.Run();

        world.Retry();
        world.Run(w => w.PromotionRunFor("web:2", pre: true, attempt: 2) is not null);
        world.FinishPromotionAnalysis(pre: true, AnalysisPhase.Inconclusive, Why);
        world.Run();

        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
        Assert.Contains(world.Expand("AnalysisRun web-{v2}-pre-promotion-attempt-2"), world.Status.Message, StringComparison.Ordinal);
        Assert.Equal(2, world.Events.Count(e => e.Reason == "AnalysisInconclusive"));
    }
}
