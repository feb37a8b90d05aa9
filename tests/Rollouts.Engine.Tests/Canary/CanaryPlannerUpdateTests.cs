using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>
/// The canary planner, transition by transition: one reconcile from a given state, its exact actions in
/// order, and the status it writes. The world is a Rollout "web" of 5 pods in front of an NGINX ingress.
/// </summary>
public class CanaryPlannerUpdateTests
{
    [Theory]
    [InlineData(5, "setWeight 20, pause", 2)]
    [InlineData(1, "", null)]
    public void The_first_apply_makes_the_ReplicaSet_stable_at_full_size_without_steps(int replicas, string steps, int? stepIndex)
    {
        var world = RolloutWorld.Create(steps, replicas);

        var plan = world.Reconcile();

        world.AssertActions(plan, $"create web-{{v1}} replicas={replicas}", "select web-stable {v1}", "select web-canary {v1}");
        Assert.Equal(RolloutPhase.Progressing, plan.Status.Phase);
        Assert.Equal(world.Expand($"waiting for ReplicaSet web-{{v1}}: 0 of {replicas} pods available"), plan.Status.Message);
        Assert.Equal(RolloutWorld.Hash("web:1"), plan.Status.StableRS);
        Assert.Equal(RolloutWorld.Hash("web:1"), plan.Status.CurrentPodHash);
        Assert.Equal(stepIndex, plan.Status.CurrentStepIndex);
        Assert.Equal(1, plan.Status.ObservedGeneration);
        Assert.Equal("app=web", plan.Status.Selector);

        world.SetSize("web:1", replicas, replicas);
        var healthy = world.Reconcile();
        Assert.Empty(healthy.Actions);
        Assert.Equal(RolloutPhase.Healthy, healthy.Status.Phase);
        Assert.Null(healthy.Status.Message);
        Assert.Null(healthy.RequeueAfter);
        Assert.True(world.Plan().IsEmpty, "nothing left to change: no action and an equal status");
    }

    [Theory]
    [InlineData("setWeight 20, pause", 1)]
    [InlineData("setCanaryScale replicas=3, setWeight 10", 3)]
    [InlineData("setWeight 0, pause", 0)]
    [InlineData("pause 1m, setWeight 50", 0, "RolloutPaused")]
    [InlineData("", 5)]
    public void A_template_change_creates_the_canary_sized_for_the_first_step_with_no_traffic(string steps, int canaryReplicas, params string[] stepEvents)
    {
        var world = RolloutWorld.Create(steps);
        world.Run();
        world.SetImage("web:2");

        var plan = world.Plan();

        world.AssertActions(plan,
            [
                $"create web-{{v2}} replicas={canaryReplicas}",
                $"ingress {RolloutWorld.CanaryIngressName} weight=0",
                "select web-canary {v2}",
                "event Normal UpdateStarted",
                .. stepEvents.Select(e => $"event Normal {e}"),
            ]);
        // One event tells both the update's start and its first step.
        var started = plan.Actions.OfType<RecordEvent>().Single(e => e.Reason == "UpdateStarted");
        Assert.Equal(steps.Length > 0, started.Message.Contains("; step 1/", StringComparison.Ordinal));
        Assert.Equal(started.Message, plan.Status.History![^(1 + stepEvents.Length)].Message);
        Assert.Equal(RolloutWorld.Hash("web:2"), plan.Status.CurrentPodHash);
        Assert.Equal(RolloutWorld.Hash("web:1"), plan.Status.StableRS);
        Assert.Equal(steps.Length == 0 ? null : 0, plan.Status.CurrentStepIndex);
        Assert.Equal(0, plan.Status.Canary!.Weights!.Canary!.Weight);
        Assert.Equal(100, plan.Status.Canary.Weights.Stable!.Weight);
    }

    /// <summary>Step 1 is setWeight 40: the canary needs ceil(5 × 40%) = 2 pods before it gets 40% of traffic.</summary>
    [Theory]
    [InlineData(1, 1, 0, 0, 0, "scale web-{v2} 2")]
    [InlineData(2, 1, 0, 0, 0)]
    [InlineData(2, 2, 0, 40, 0, "ingress web-web-canary weight=40")]
    [InlineData(2, 2, 40, 40, 1, "event Normal StepStarted", "event Normal RolloutPaused")]
    [InlineData(2, 1, 40, 40, 0)]
    [InlineData(2, 0, 90, 40, 0, "ingress web-web-canary weight=40")]
    [InlineData(2, 2, 90, 40, 0, "ingress web-web-canary weight=40")]
    public void SetWeight_raises_the_weight_only_when_the_canary_has_its_pods_and_completes_when_the_ingress_holds_it(
        int canarySpec, int canaryAvailable, int ingressWeight, int weight, int stepIndex, params string[] actions)
    {
        var world = RolloutWorld.Create("setWeight 40, pause");
        world.Run();
        world.SetImage("web:2");
        world.Reconcile();
        world.SetSize("web:2", canarySpec, canaryAvailable);
        world.SetCanaryWeight(ingressWeight);

        var plan = world.Plan();

        world.AssertActions(plan, actions);
        Assert.Equal(weight, plan.Status.Canary!.Weights!.Canary!.Weight);
        Assert.Equal(100 - weight, plan.Status.Canary.Weights.Stable!.Weight);
        Assert.Equal(stepIndex, plan.Status.CurrentStepIndex);
    }

    [Theory]
    [InlineData("30s", 10, false, 1, 20)]
    [InlineData("30s", 30, false, 2, null)]
    [InlineData("5m", 299, false, 1, 1)]
    [InlineData("90", 89, false, 1, 1)]
    [InlineData("1h", 3599, false, 1, 1)]
    [InlineData("30s", 5, true, 2, null)]
    [InlineData("", 86400, false, 1, null)]
    [InlineData("", 10, true, 2, null)]
    public void A_pause_ends_after_its_duration_or_when_promoted(string duration, int elapsed, bool promote, int stepIndex, int? requeueSeconds)
    {
        var world = RolloutWorld.Create($"setWeight 20, pause {duration}, setWeight 40".Replace("pause ,", "pause,", StringComparison.Ordinal));
        world.Run();
        world.SetImage("web:2");
        world.Run(until: w => w.Status.PauseConditions is { Count: > 0 });
        var pausedAt = world.Status.PauseConditions![0].StartTime!.Value;
        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
        Assert.True(world.Status.ControllerPause);

        world.Advance(pausedAt.AddSeconds(elapsed) - world.Now);
        if (promote)
        {
            world.Promote();
        }

        var plan = world.Plan();

        Assert.Equal(stepIndex, plan.Status.CurrentStepIndex);
        if (stepIndex == 2)
        {
            world.AssertActions(plan, "scale web-{v2} 2", "event Normal RolloutResumed", "event Normal StepStarted");
            Assert.Null(plan.Status.PauseConditions);
            Assert.Null(plan.Status.ControllerPause);
            Assert.Equal(RolloutPhase.Progressing, plan.Status.Phase);
        }
        else
        {
            Assert.Empty(plan.Actions);
            Assert.Equal(requeueSeconds is null ? null : TimeSpan.FromSeconds(requeueSeconds.Value), plan.RequeueAfter);
            Assert.Equal(RolloutPhase.Paused, plan.Status.Phase);
            Assert.StartsWith("paused at step 2/3", plan.Status.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("setCanaryScale replicas=3, setWeight 20, pause", 3)]
    [InlineData("setCanaryScale weight=60, setWeight 20, pause", 3)]
    [InlineData("setWeight 20, setCanaryScale replicas=4, pause", 1)]
    public void SetCanaryScale_sizes_the_canary_apart_from_its_weight(string steps, int firstSize)
    {
        var world = RolloutWorld.Create(steps);
        world.Run();
        world.SetImage("web:2");

        world.Run(until: w => w.Status.Phase == RolloutPhase.Paused);

        var created = world.Plans.SelectMany(p => p.Actions).OfType<CreateReplicaSet>()
            .Single(c => c.ReplicaSet.Metadata.Name == RolloutWorld.NameOf("web:2"));
        Assert.Equal(firstSize, created.ReplicaSet.Spec!.Replicas);
        Assert.Equal(20, world.CanaryWeight);
        Assert.Equal(steps.Contains("replicas=4", StringComparison.Ordinal) ? "4/4" : "3/3", world.SizeOf("web:2"));
    }

    [Fact]
    public void After_the_last_step_the_canary_grows_to_full_size_then_takes_all_traffic_then_becomes_stable()
    {
        var world = RolloutWorld.Create("setWeight 50, pause");
        world.Run();
        world.SetImage("web:2");
        world.Run();
        world.Promote();

        var grow = world.Reconcile();
        world.AssertActions(grow, "scale web-{v2} 5", "event Normal RolloutResumed", "event Normal StepsCompleted");
        Assert.Equal(50, grow.Status.Canary!.Weights!.Canary!.Weight);

        world.SetSize("web:2", 5, 4);
        world.AssertActions(world.Reconcile());

        world.SetSize("web:2", 5, 5);
        var full = world.Reconcile();
        world.AssertActions(full, "ingress web-web-canary weight=100");

        var promote = world.Reconcile();
        world.AssertActions(promote,
            "select web-stable {v2}", "delete-ingress web-web-canary", "annotate web-{v1} scale-down-at={+30}", "event Normal RolloutPromoted");
        Assert.Equal(RolloutWorld.Hash("web:2"), promote.Status.StableRS);
        Assert.Equal(RolloutPhase.Healthy, promote.Status.Phase);
        Assert.Equal(0, promote.Status.Canary!.Weights!.Canary!.Weight);
        Assert.Equal(TimeSpan.FromSeconds(30), promote.RequeueAfter);

        world.Advance(TimeSpan.FromSeconds(29));
        world.AssertActions(world.Reconcile());
        world.Advance(TimeSpan.FromSeconds(1));
        world.AssertActions(world.Reconcile(), "scale web-{v1} 0");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(45)]
    public void ScaleDownDelaySeconds_keeps_the_old_stable_running_after_promotion(int delay)
    {
        var world = RolloutWorld.Create("setWeight 50", strategy: c => c with { ScaleDownDelaySeconds = delay });
        world.Run();
        world.SetImage("web:2");

        world.Run(until: w => w.Status.StableRS == RolloutWorld.Hash("web:2"));
        var promotion = world.Plans[^1];
        var promotedAt = promotion.Status.History![^1].Time!.Value;

        if (delay == 0)
        {
            Assert.Contains(promotion.Actions, a => a.ToString() == world.Expand("scale web-{v1} 0"));
        }
        else
        {
            var annotate = promotion.Actions.OfType<AnnotateReplicaSet>().Single();
            Assert.Equal(RolloutWorld.NameOf("web:1"), annotate.Name);
            Assert.Equal(promotedAt.AddSeconds(delay), annotate.ScaleDownDeadline);
            Assert.Equal(TimeSpan.FromSeconds(delay), promotion.RequeueAfter);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Old_ReplicaSets_beyond_revisionHistoryLimit_are_deleted_once_scaled_down(int limit)
    {
        var world = RolloutWorld.Create("setWeight 50", spec: s => s with { RevisionHistoryLimit = limit });
        world.Run();
        foreach (var image in new[] { "web:2", "web:3", "web:4", "web:5" })
        {
            world.SetImage(image);
            world.Run();
        }

        Assert.Equal(limit + 1, world.ReplicaSets.Count);
        Assert.Equal("5/5", world.SizeOf("web:5"));
        Assert.All(world.ReplicaSets.Where(rs => rs.Metadata.Name != RolloutWorld.NameOf("web:5")), rs => Assert.Equal(0, rs.Spec!.Replicas));
    }

    [Fact]
    public void Spec_paused_keeps_the_step_and_the_weight_and_still_sizes_the_canary_for_it()
    {
        var world = RolloutWorld.Create("setWeight 40, pause 10s, setWeight 60");
        world.Run();
        world.SetImage("web:2");
        world.Reconcile();
        world.SetPaused(true);
        world.SetSize("web:2", 2, 2);

        var plan = world.Reconcile();
        world.AssertActions(plan);
        Assert.Equal(RolloutPhase.Paused, plan.Status.Phase);
        Assert.StartsWith("paused by spec.paused", plan.Status.Message, StringComparison.Ordinal);
        Assert.Equal(0, plan.Status.Canary!.Weights!.Canary!.Weight);

        world.SetReplicas(10);
        world.AssertActions(world.Reconcile(), "scale web-{v2} 4", "scale web-{v1} 10");

        world.SetPaused(false);
        world.SetSize("web:2", 4, 4);
        world.AssertActions(world.Reconcile(), "ingress web-web-canary weight=40");
    }

    [Fact]
    public void A_step_is_recorded_in_the_status_before_its_weight_is_raised()
    {
        // 20 % and 25 % of 4 pods both need one canary pod: leaving the pause, the capacity for the next weight is there.
        var world = RolloutWorld.Create("setWeight 20, pause 10s, setWeight 25", replicas: 4);
        world.Run();
        world.SetImage("web:2");
        world.Run(until: w => w.Status is { CurrentStepIndex: 1, Phase: RolloutPhase.Paused } && w.CanaryWeight == 20);
        world.Advance(TimeSpan.FromSeconds(10));

        var enter = world.Reconcile();
        Assert.Equal(2, enter.Status.CurrentStepIndex);
        Assert.Equal(20, world.CanaryWeight);
        Assert.DoesNotContain(enter.Actions, a => a is ApplyCanaryIngress);

        world.AssertActions(world.Reconcile(), "ingress web-web-canary weight=25");
        Assert.Equal(25, world.Status.Canary!.Weights!.Canary!.Weight);
    }
}
