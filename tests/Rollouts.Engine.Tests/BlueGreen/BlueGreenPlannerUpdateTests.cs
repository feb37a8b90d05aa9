using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.BlueGreen;

/// <summary>Blue-green updates without analysis: bring up, preview, pause, promotion, scale-down of the old version.</summary>
public sealed class BlueGreenPlannerUpdateTests
{
    private static RolloutWorld Deployed(int replicas = 3, Func<BlueGreenStrategy, BlueGreenStrategy>? strategy = null)
    {
        var world = RolloutWorld.CreateBlueGreen(replicas, strategy);
        world.Run();
        return world;
    }

    [Fact]
    public void The_first_version_gets_both_services_and_is_healthy()
    {
        var world = RolloutWorld.CreateBlueGreen();

        var first = world.Reconcile();
        world.Run();

        world.AssertActions(first, "create web-{v1} replicas=3", "select web-active {v1}", "select web-preview {v1}");
        Assert.Equal((RolloutPhase.Healthy, "3/3"), (world.Status.Phase, world.SizeOf("web:1")));
        Assert.Equal((world.Expand("{v1}"), world.Expand("{v1}")), (world.Active, world.Preview));
        Assert.Equal(world.Expand("{v1}"), world.Status.BlueGreen?.ActiveSelector);
    }

    [Fact]
    public void An_update_brings_the_new_version_up_behind_the_preview_service_and_switches_active_only_when_it_is_fully_available()
    {
        var world = Deployed();
        world.ReadyAfterTicks = 2;
        world.SetImage("web:2");

        var start = world.Reconcile();
        world.AssertActions(start, "create web-{v2} replicas=3", "select web-preview {v2}", "event Normal UpdateStarted");
        Assert.Equal(world.Expand("{v1}"), world.Active);

        // Until every pod of v2 is available the active service stays on v1.
        var switched = world.Run(w => w.Active == w.Expand("{v2}"));
        Assert.All(switched.SkipLast(1).Where(p => p.Actions.Any(a => a.ToString() == world.Expand("select web-active {v2}"))), _ => Assert.Fail("switched early"));
        Assert.Equal("3/3", world.SizeOf("web:2"));
        Assert.Equal("3/3", world.SizeOf("web:1"));

        world.Run(w => w.Status.StableRS == w.Expand("{v2}"));
        Assert.Equal(world.Expand("{v2}"), world.Status.BlueGreen?.PreviewSelector);
        Assert.Contains(world.Events, e => e.Reason == "RolloutPromoted");
    }

    [Fact]
    public void The_previous_version_is_scaled_down_only_after_scale_down_delay_seconds()
    {
        var world = Deployed(strategy: s => s with { ScaleDownDelaySeconds = 60 });
        world.SetImage("web:2");
        world.Run(w => w.Status.StableRS == w.Expand("{v2}"));
        var promotedAt = world.Now;

        world.Run(w => w.SizeOf("web:1") == "0/0");

        Assert.True(world.Now - promotedAt >= TimeSpan.FromSeconds(59), $"scaled down {world.Now - promotedAt} after promotion");
        Assert.Equal((RolloutPhase.Healthy, "3/3"), (world.Status.Phase, world.SizeOf("web:2")));
    }

    [Fact]
    public void Manual_promotion_pauses_with_BlueGreenPause_until_promote()
    {
        var world = Deployed(strategy: s => s with { AutoPromotionEnabled = false });
        world.SetImage("web:2");

        world.Run();
        world.Advance(TimeSpan.FromHours(1));
        world.Run();

        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
        Assert.Equal("BlueGreenPause", Assert.Single(world.Status.PauseConditions!).Reason);
        Assert.Equal((world.Expand("{v1}"), world.Expand("{v2}")), (world.Active, world.Preview));
        Assert.Equal("3/3", world.SizeOf("web:2"));

        world.Promote();
        world.Run(w => w.Status.StableRS == w.Expand("{v2}"));

        Assert.Equal(world.Expand("{v2}"), world.Active);
        Assert.Equal(RolloutPhase.Healthy, world.Status.Phase);
    }

    [Fact]
    public void Auto_promotion_seconds_pause_then_promote_by_themselves()
    {
        var world = Deployed(strategy: s => s with { AutoPromotionSeconds = 120 });
        world.SetImage("web:2");
        world.Run(w => w.Status.PauseConditions is { Count: > 0 });
        var pausedAt = world.Status.PauseConditions![0].StartTime!.Value;

        world.Run(w => w.Active == w.Expand("{v2}"));

        Assert.True(world.Now - pausedAt >= TimeSpan.FromSeconds(120), $"switched {world.Now - pausedAt} after the pause began");
        Assert.Contains(world.Events, e => e.Reason == "RolloutResumed");
    }

    [Fact]
    public void Preview_replica_count_runs_the_preview_small_and_scales_it_up_before_the_switch()
    {
        var world = Deployed(replicas: 4, strategy: s => s with { PreviewReplicaCount = 1, AutoPromotionEnabled = false });
        world.SetImage("web:2");

        world.Run();
        Assert.Equal(("1/1", RolloutPhase.Paused), (world.SizeOf("web:2"), world.Status.Phase));
        Assert.Null(world.Status.BlueGreen?.ScaleUpPreviewCheckPoint);

        world.Promote();
        var scaleUp = world.Reconcile();
        world.AssertActions(scaleUp, "scale web-{v2} 4", "event Normal PreviewScaledUp");
        Assert.True(world.Status.BlueGreen?.ScaleUpPreviewCheckPoint);
        Assert.Equal(world.Expand("{v1}"), world.Active);

        world.Run(w => w.Active == w.Expand("{v2}"));
        Assert.Equal("4/4", world.SizeOf("web:2"));
    }

    [Fact]
    public void Abort_before_the_switch_keeps_active_on_the_stable_version_and_scales_the_new_one_down_after_the_abort_delay()
    {
        var world = Deployed(strategy: s => s with { AutoPromotionEnabled = false, AbortScaleDownDelaySeconds = 10 });
        world.SetImage("web:2");
        world.Run();

        world.Abort();
        var abort = world.Reconcile();

        world.AssertActions(abort, "annotate web-{v2} scale-down-at={+10}", "event Warning RolloutAborted");
        Assert.Equal((RolloutPhase.Degraded, world.Expand("{v1}")), (world.Status.Phase, world.Active));
        Assert.Null(world.Status.PauseConditions);
        world.Run();
        Assert.Equal(("0/0", "3/3"), (world.SizeOf("web:2"), world.SizeOf("web:1")));
    }

    [Fact]
    public void Abort_after_the_switch_points_active_back_at_once()
    {
        var world = Deployed(strategy: s => s with
        {
            PostPromotionAnalysis = new RolloutAnalysis { Templates = [new AnalysisTemplateReference { TemplateName = "success-rate" }] },
        });
        world.SetImage("web:2");
        world.Run(w => w.PromotionRunFor("web:2", pre: false) is not null);
        Assert.Equal(world.Expand("{v2}"), world.Active);

        world.Abort();
        var abort = world.Reconcile();

        Assert.Equal(world.Expand("select web-active {v1}"), abort.Actions[0].ToString());
        Assert.Equal(world.Expand("{v1}"), world.Active);
        Assert.Equal(world.Expand("{v1}"), world.Status.BlueGreen?.ActiveSelector);
        Assert.Contains(abort.Actions, a => a.ToString() == $"terminate-analysis {world.PromotionRunFor("web:2", pre: false)!.Metadata.Name}");
    }

    [Fact]
    public void Retry_after_an_abort_starts_the_update_over()
    {
        var world = Deployed(strategy: s => s with { AutoPromotionEnabled = false, AbortScaleDownDelaySeconds = 5 });
        world.SetImage("web:2");
        world.Run();
        world.Abort();
        world.Run();
        Assert.Equal("0/0", world.SizeOf("web:2"));

        world.Retry();
        world.Run();

        Assert.Equal(("3/3", RolloutPhase.Paused), (world.SizeOf("web:2"), world.Status.Phase));
        Assert.Equal(world.Expand("{v1}"), world.Active);
        Assert.Null(world.ReplicaSetOf("web:2")!.Metadata.Annotations?.GetValueOrDefault("rollouts.dev/scale-down-deadline"));
        Assert.Contains(world.Events, e => e.Reason == "RolloutRetried");
    }

    [Fact]
    public void Promote_full_skips_the_pause_and_the_pre_promotion_analysis()
    {
        var world = Deployed(strategy: s => s with
        {
            AutoPromotionEnabled = false,
            PrePromotionAnalysis = new RolloutAnalysis { Templates = [new AnalysisTemplateReference { TemplateName = "success-rate" }] },
        });
        world.SetImage("web:2");
        world.Run(w => w.PromotionRunFor("web:2", pre: true) is not null);

        world.PromoteFull();
        world.Run(w => w.Status.StableRS == w.Expand("{v2}"));

        Assert.Equal(world.Expand("{v2}"), world.Active);
        Assert.True(world.PromotionRunFor("web:2", pre: true)!.Spec!.Terminate);
    }

    [Fact]
    public void Spec_paused_holds_the_switch()
    {
        var world = Deployed();
        world.SetPaused(true);
        world.SetImage("web:2");

        world.Run();

        Assert.Equal((RolloutPhase.Paused, world.Expand("{v1}")), (world.Status.Phase, world.Active));
        world.SetPaused(false);
        world.Run(w => w.Active == w.Expand("{v2}"));
    }

    [Fact]
    public void Going_back_to_the_stable_template_withdraws_the_preview()
    {
        var world = Deployed(strategy: s => s with { AutoPromotionEnabled = false, AbortScaleDownDelaySeconds = 5 });
        world.SetImage("web:2");
        world.Run();

        world.SetImage("web:1");
        world.Run();

        Assert.Equal((RolloutPhase.Healthy, "0/0"), (world.Status.Phase, world.SizeOf("web:2")));
        Assert.Equal((world.Expand("{v1}"), world.Expand("{v1}")), (world.Active, world.Preview));
        Assert.Contains(world.Events, e => e.Reason == "RolledBack");
    }

    [Fact]
    public void Scale_down_delay_revision_limit_scales_older_versions_down_at_once()
    {
        var world = Deployed(strategy: s => s with { ScaleDownDelaySeconds = 600, ScaleDownDelayRevisionLimit = 1 });
        world.SetImage("web:2");
        world.Run(w => w.Status.StableRS == w.Expand("{v2}"));
        world.SetImage("web:3");
        world.Run(w => w.Status.StableRS == w.Expand("{v3}"));

        world.Reconcile();

        Assert.Equal(("0/0", "3/3", "3/3"), (world.SizeOf("web:1"), world.SizeOf("web:2"), world.SizeOf("web:3")));
    }

    [Fact]
    public void A_missing_active_service_is_said_once_as_a_warning_and_ends_in_the_progress_deadline()
    {
        var world = Deployed();
        world.DeleteService("web-active");
        world.SetImage("web:2");

        world.Run(w => w.Status.Message?.Contains("does not exist", StringComparison.Ordinal) == true);
        Assert.Equal(RolloutPhase.Progressing, world.Status.Phase);
        world.Run();

        Assert.Equal(world.Expand("{v1}"), world.Status.StableRS);
        Assert.Equal(RolloutPhase.Degraded, world.Status.Phase);
        Assert.Contains("progress deadline exceeded (600s without progress): active service 'web-active' (spec.strategy.blueGreen.activeService) does not exist", world.Status.Message, StringComparison.Ordinal);
        var warning = Assert.Single(world.Plans.SelectMany(p => p.Actions).OfType<RecordEvent>(), e => e.Reason == MissingReference.Reason);
        Assert.Equal(RecordEvent.Warning, warning.Type);
    }

    [Fact]
    public void Preview_and_active_metadata_follow_the_services()
    {
        static PodMetadata Role(string role) => new() { Labels = new Dictionary<string, string> { ["role"] = role } };
        var world = Deployed(strategy: s => s with { AutoPromotionEnabled = false, PreviewMetadata = Role("preview"), ActiveMetadata = Role("active") });
        string? RoleOf(string image) => world.ReplicaSetOf(image)?.Spec?.Template?.Metadata?.Labels?.GetValueOrDefault("role");
        world.SetImage("web:2");

        world.Run();
        Assert.Equal(("active", "preview"), (RoleOf("web:1"), RoleOf("web:2")));

        world.Promote();
        world.Run(w => w.Status.StableRS == w.Expand("{v2}"));
        world.Reconcile();

        Assert.Equal((null, "active"), (RoleOf("web:1"), RoleOf("web:2")));
    }
}
