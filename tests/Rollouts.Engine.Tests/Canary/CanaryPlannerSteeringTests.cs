using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>
/// Steering through the status (abort, retry, promote --full) and template changes in the middle of an
/// update. Each starts from web:1 stable on 5 pods and web:2 paused at step 2 of
/// "setWeight 20, pause, setWeight 50, pause 30s" with 20% of traffic on its 1 pod.
/// </summary>
public class CanaryPlannerSteeringTests
{
    [Theory]
    [InlineData(30, 0, "ingress web-web-canary weight=0", "annotate web-{v2} scale-down-at={+30}", "event Warning RolloutAborted")]
    [InlineData(30, 29)]
    [InlineData(30, 30, "scale web-{v2} 0")]
    [InlineData(0, 0, "ingress web-web-canary weight=0", "scale web-{v2} 0", "event Warning RolloutAborted")]
    public void An_abort_sets_the_weight_to_zero_at_once_and_scales_the_canary_down_after_abortScaleDownDelaySeconds(
        int abortDelay, int elapsed, params string[] actions)
    {
        var world = PausedAt20(c => c with { AbortScaleDownDelaySeconds = abortDelay });
        world.Abort();
        var abortedAt = world.Now;
        if (elapsed > 0)
        {
            world.Reconcile();
            world.Advance(TimeSpan.FromSeconds(elapsed));
        }

        var plan = world.Plan();

        world.AssertActions(plan, actions);
        Assert.Equal(RolloutPhase.Degraded, plan.Status.Phase);
        Assert.Equal("aborted: aborted on request; traffic back to stable", plan.Status.Message);
        Assert.Equal(abortedAt, plan.Status.AbortedAt);
        Assert.Equal(0, plan.Status.Canary!.Weights!.Canary!.Weight);
        Assert.Null(plan.Status.PauseConditions);
        Assert.Equal(RolloutWorld.Hash("web:1"), plan.Status.StableRS);
        var progressing = plan.Status.Conditions!.Single(c => c.Type == RolloutConditionType.Progressing);
        Assert.Equal(("False", "RolloutAborted"), (progressing.Status, progressing.Reason));
        Assert.Equal("AbortRequested", plan.Status.History![^1].Reason);
        if (abortDelay > elapsed)
        {
            Assert.Equal(TimeSpan.FromSeconds(abortDelay - elapsed), plan.RequeueAfter);
        }
    }

    [Fact]
    public void An_abort_with_nothing_in_progress_changes_nothing()
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        world.Abort();

        var plan = world.Plan();

        Assert.True(plan.IsEmpty);
        Assert.Equal(RolloutPhase.Healthy, plan.Status.Phase);
    }

    [Fact]
    public void A_retry_after_an_abort_starts_the_steps_over()
    {
        var world = PausedAt20();
        world.Abort();
        world.Run();
        Assert.Equal("0/0", world.SizeOf("web:2"));

        world.Retry();
        var plan = world.Plan();

        world.AssertActions(plan, "scale web-{v2} 1", "annotate web-{v2} scale-down-at=none", "event Normal RolloutRetried");
        Assert.Equal(0, plan.Status.CurrentStepIndex);
        Assert.Null(plan.Status.AbortedAt);
        Assert.False(plan.Status.Abort);
        Assert.Equal(RolloutPhase.Progressing, plan.Status.Phase);
        Assert.Equal(0, plan.Status.Canary!.Weights!.Canary!.Weight);
    }

    [Fact]
    public void Going_back_to_the_stable_template_withdraws_the_canary_at_once()
    {
        var world = PausedAt20();
        world.SetImage("web:1");

        var plan = world.Plan();

        world.AssertActions(plan,
            "select web-canary {v1}", "delete-ingress web-web-canary", "annotate web-{v2} scale-down-at={+30}", "event Normal RolledBack");
        Assert.Equal(RolloutWorld.Hash("web:1"), plan.Status.StableRS);
        Assert.Equal(RolloutWorld.Hash("web:1"), plan.Status.CurrentPodHash);
        Assert.Equal(4, plan.Status.CurrentStepIndex);
        Assert.Null(plan.Status.PauseConditions);
        Assert.Equal(RolloutPhase.Healthy, plan.Status.Phase);
        Assert.Equal(0, plan.Status.Canary!.Weights!.Canary!.Weight);
    }

    [Fact]
    public void Going_back_to_the_stable_template_after_an_abort_clears_the_abort()
    {
        var world = PausedAt20();
        world.Abort();
        world.Run();
        world.SetImage("web:1");

        var plan = world.Reconcile();

        Assert.Equal(RolloutPhase.Healthy, plan.Status.Phase);
        Assert.Null(plan.Status.Abort);
        Assert.Null(plan.Status.AbortedAt);
    }

    [Fact]
    public void A_new_template_mid_canary_lowers_the_weight_before_moving_the_canary_service_and_starts_over()
    {
        var world = PausedAt20();
        world.SetImage("web:3");

        var plan = world.Plan();

        world.AssertActions(plan,
            "create web-{v3} replicas=1", "ingress web-web-canary weight=0", "select web-canary {v3}",
            "annotate web-{v2} scale-down-at={+30}", "event Normal CanaryReplaced");
        Assert.Equal(RolloutWorld.Hash("web:3"), plan.Status.CurrentPodHash);
        Assert.Equal(0, plan.Status.CurrentStepIndex);
        Assert.Null(plan.Status.PauseConditions);
    }

    [Theory]
    [InlineData(1, "scale web-{v2} 5", "event Normal RolloutPromoted", "event Normal StepsCompleted")]
    [InlineData(3, "scale web-{v2} 5", "event Normal RolloutPromoted", "event Normal StepsCompleted")]
    public void Promote_full_jumps_past_every_remaining_step_keeping_the_weight_until_the_canary_is_full(int stepIndex, params string[] actions)
    {
        var world = PausedAt20();
        if (stepIndex == 3)
        {
            world.Promote();
            world.Run(until: w => w.Status.CurrentStepIndex == 3);
        }

        var weight = world.CanaryWeight;
        world.PromoteFull();
        var plan = world.Plan();

        world.AssertActions(plan, actions);
        Assert.Equal(4, plan.Status.CurrentStepIndex);
        Assert.True(plan.Status.PromoteFull);
        Assert.Equal(weight, plan.Status.Canary!.Weights!.Canary!.Weight);
    }

    [Fact]
    public void An_abort_wins_over_promote_full()
    {
        var world = PausedAt20();
        world.PromoteFull();
        world.Abort();

        var plan = world.Plan();

        Assert.Equal(RolloutPhase.Degraded, plan.Status.Phase);
        Assert.Equal(0, plan.Status.Canary!.Weights!.Canary!.Weight);
        Assert.Equal(1, plan.Status.CurrentStepIndex);
    }

    [Fact]
    public void A_missing_stable_ReplicaSet_makes_the_canary_stable_without_steps()
    {
        var world = PausedAt20();
        var stable = world.ReplicaSetOf("web:1")!;
        world.PutReplicaSet(stable with { Metadata = stable.Metadata with { DeletionTimestamp = world.Now } });

        var plan = world.Plan();

        Assert.Equal(RolloutWorld.Hash("web:2"), plan.Status.StableRS);
        Assert.Contains(plan.Actions, a => a is RecordEvent { Reason: "StableReplicaSetMissing", Type: "Warning" });
        Assert.Contains(plan.Actions, a => a.ToString() == world.Expand("scale web-{v2} 5"));
    }

    private static RolloutWorld PausedAt20(Func<CanaryStrategy, CanaryStrategy>? strategy = null)
    {
        var world = RolloutWorld.Create("setWeight 20, pause, setWeight 50, pause 30s", strategy: strategy);
        world.Run();
        world.SetImage("web:2");
        world.Run();
        Assert.Equal((RolloutPhase.Paused, 1, 20), (world.Status.Phase, world.Status.CurrentStepIndex, world.CanaryWeight));
        return world;
    }
}
