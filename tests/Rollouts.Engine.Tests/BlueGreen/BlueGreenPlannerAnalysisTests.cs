using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.BlueGreen;

/// <summary>Pre- and post-promotion analysis of a blue-green update.</summary>
public sealed class BlueGreenPlannerAnalysisTests
{
    private static readonly RolloutAnalysis SuccessRate = new() { Templates = [new AnalysisTemplateReference { TemplateName = "success-rate" }] };

    private static RolloutWorld Updating(Func<BlueGreenStrategy, BlueGreenStrategy> strategy)
    {
        var world = RolloutWorld.CreateBlueGreen(3, strategy);
        world.Run();
        world.ReadyAfterTicks = 1;
        world.SetImage("web:2");
        return world;
    }

    [Fact]
    public void Pre_promotion_analysis_starts_once_the_preview_is_available_and_holds_the_switch_while_it_runs()
    {
        var world = Updating(s => s with { PrePromotionAnalysis = SuccessRate });

        world.Run(w => w.PromotionRunFor("web:2", pre: true) is not null);
        Assert.Equal("3/3", world.SizeOf("web:2"));
        var run = world.PromotionRunFor("web:2", pre: true)!;
        Assert.Equal("web-" + world.Expand("{v2}") + "-pre-promotion", run.Metadata.Name);
        Assert.Equal(AnalysisLabels.PrePromotionKind, run.Metadata.Labels![AnalysisLabels.Kind]);

        world.Advance(TimeSpan.FromMinutes(10));
        world.Run();
        Assert.Equal(world.Expand("{v1}"), world.Active);
        Assert.Equal(RolloutPhase.Progressing, world.Status.Phase);
        Assert.Contains("waiting for pre-promotion AnalysisRun", world.Status.Message, StringComparison.Ordinal);

        world.FinishPromotionAnalysis(pre: true, AnalysisPhase.Successful);
        world.Run(w => w.Status.StableRS == w.Expand("{v2}"));
        Assert.Equal(world.Expand("{v2}"), world.Active);
    }

    [Fact]
    public void A_failed_pre_promotion_analysis_aborts_without_switching()
    {
        var world = Updating(s => s with { PrePromotionAnalysis = SuccessRate, AbortScaleDownDelaySeconds = 10 });
        world.Run(w => w.PromotionRunFor("web:2", pre: true) is not null);

        world.FinishPromotionAnalysis(pre: true, AnalysisPhase.Failed, "metric success-rate: 0.5 < 0.99");
        var abort = world.Reconcile();
        Assert.Contains(abort.Actions, a => a.ToString() == world.Expand("annotate web-{v2} scale-down-at={+10}"));
        world.Run();

        Assert.DoesNotContain(world.Plans.SelectMany(p => p.Actions), a => a.ToString() == world.Expand("select web-active {v2}"));
        Assert.Equal((RolloutPhase.Degraded, world.Expand("{v1}"), "0/0"), (world.Status.Phase, world.Active, world.SizeOf("web:2")));
        Assert.Equal($"aborted: pre-promotion analysis failed: metric success-rate: 0.5 < 0.99; active service back on web-{world.Expand("{v1}")}", world.Status.Message);
        Assert.Equal(AnalysisPhase.Failed, world.Status.BlueGreen?.PrePromotionAnalysisRunStatus?.Status);
    }

    [Fact]
    public void With_manual_promotion_the_pause_comes_after_the_pre_promotion_analysis()
    {
        var world = Updating(s => s with { PrePromotionAnalysis = SuccessRate, AutoPromotionEnabled = false });
        world.Run(w => w.PromotionRunFor("web:2", pre: true) is not null);
        world.Run();
        Assert.Null(world.Status.PauseConditions);

        world.FinishPromotionAnalysis(pre: true, AnalysisPhase.Successful);
        world.Run();

        Assert.Equal(("BlueGreenPause", world.Expand("{v1}")), (Assert.Single(world.Status.PauseConditions!).Reason, world.Active));
    }

    [Fact]
    public void Post_promotion_analysis_runs_after_the_switch_and_the_old_version_is_kept_at_full_size_meanwhile()
    {
        var world = Updating(s => s with { PostPromotionAnalysis = SuccessRate, ScaleDownDelaySeconds = 30 });

        world.Run(w => w.PromotionRunFor("web:2", pre: false) is not null);
        Assert.Equal(world.Expand("{v2}"), world.Active);
        world.Advance(TimeSpan.FromMinutes(5));
        world.Run();

        Assert.Equal(("3/3", world.Expand("{v1}")), (world.SizeOf("web:1"), world.Status.StableRS));
        Assert.Equal(world.Expand("{v1}"), world.ReplicaSetOf("web:1")!.Metadata.Labels![RolloutLabels.PodTemplateHash]);

        world.FinishPromotionAnalysis(pre: false, AnalysisPhase.Successful);
        world.Run(w => w.Status.StableRS == w.Expand("{v2}"));
        var promotedAt = world.Now;
        world.Run();
        Assert.Equal(("0/0", RolloutPhase.Healthy), (world.SizeOf("web:1"), world.Status.Phase));
        Assert.True(world.Now - promotedAt >= TimeSpan.FromSeconds(29));
    }

    [Fact]
    public void A_failed_post_promotion_analysis_switches_active_back_to_the_previous_version()
    {
        var world = Updating(s => s with { PostPromotionAnalysis = SuccessRate });
        world.Run(w => w.PromotionRunFor("web:2", pre: false) is not null);

        world.FinishPromotionAnalysis(pre: false, AnalysisPhase.Failed);
        var back = world.Reconcile();

        Assert.Equal(world.Expand("select web-active {v1}"), back.Actions[0].ToString());
        Assert.Equal((RolloutPhase.Degraded, world.Expand("{v1}"), "3/3"), (world.Status.Phase, world.Active, world.SizeOf("web:1")));
        Assert.Equal(world.Expand("{v1}"), world.Status.StableRS);
        Assert.Contains("post-promotion analysis failed", world.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retry_runs_the_analyses_afresh_under_a_new_try()
    {
        var world = Updating(s => s with { PrePromotionAnalysis = SuccessRate });
        world.Run(w => w.PromotionRunFor("web:2", pre: true) is not null);
        world.FinishPromotionAnalysis(pre: true, AnalysisPhase.Failed);
        world.Run();

        world.Retry();
        world.Run(w => w.PromotionRunFor("web:2", pre: true, attempt: 2) is not null);

        Assert.Equal(2, world.Status.BlueGreen?.AnalysisAttempt);
        Assert.Equal(world.Expand("{v1}"), world.Active);
        Assert.Equal(RolloutPhase.Progressing, world.Status.Phase);
    }

    [Fact]
    public void A_missing_template_holds_the_promotion_and_says_which()
    {
        var world = Updating(s => s with { PrePromotionAnalysis = new RolloutAnalysis { Templates = [new AnalysisTemplateReference { TemplateName = "smoke" }] } });

        world.Run();

        Assert.Equal(world.Expand("{v1}"), world.Active);
        Assert.Contains("pre-promotion analysis cannot start: AnalysisTemplate \"smoke\" (spec.strategy.blueGreen.prePromotionAnalysis.templates[0].templateName) does not exist", world.Status.Message, StringComparison.Ordinal);
        Assert.Single(world.Events, e => e.Reason == "AnalysisRunNotStarted");
    }
}
