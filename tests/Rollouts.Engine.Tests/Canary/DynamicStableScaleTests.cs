using Rollouts.Api.Rollouts;
using Rollouts.Engine.Canary;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>strategy.canary.dynamicStableScale: the stable follows its share of traffic, down after the weight moves, up before it comes back.</summary>
public class DynamicStableScaleTests
{
    private static readonly string V1 = RolloutWorld.Hash("web:1");
    private static readonly string V2 = RolloutWorld.Hash("web:2");

    [Theory]
    [InlineData(5, 0, 20, 5)]     // before the weight moves the stable keeps every pod
    [InlineData(5, 20, 20, 4)]    // ceil(5 × 80 / 100)
    [InlineData(5, 20, 50, 4)]    // raising to 50: the stable still carries 80 until the ingress shows 50
    [InlineData(5, 50, 50, 3)]    // ceil(2.5)
    [InlineData(5, 50, 20, 4)]    // lowering: sized for 80 before the weight falls
    [InlineData(5, 50, 0, 5)]
    [InlineData(5, 100, 100, 0)]
    [InlineData(10, 33, 33, 7)]   // ceil(6.7)
    [InlineData(0, 50, 50, 0)]
    public void The_stable_is_sized_for_the_larger_of_its_shares_before_and_after_the_plan(int replicas, int routed, int planned, int stable) =>
        Assert.Equal(stable, DynamicStableScale.StableReplicas(replicas, routed, planned));

    [Theory]
    [InlineData(5, 5, 100)]
    [InlineData(5, 3, 60)]
    [InlineData(5, 0, 0)]
    [InlineData(3, 1, 33)]        // rounded down: a share the pods cannot fully carry is not counted
    [InlineData(5, 7, 100)]
    [InlineData(0, 0, 100)]
    public void Available_stable_pods_carry_their_share_of_traffic(int replicas, int available, int share) =>
        Assert.Equal(share, DynamicStableScale.StableCarries(replicas, available));

    [Fact]
    public void The_stable_shrinks_only_once_the_ingress_holds_the_new_weight_and_the_update_ends_with_it_empty()
    {
        var world = Dynamic();
        world.SetImage("web:2");
        world.Run(until: w => w.CanaryWeight == 20);

        var raise = world.Plans[^1];
        Assert.Contains(raise.Actions, a => a is ApplyCanaryIngress { Weight: 20 });
        Assert.DoesNotContain(raise.Actions, a => a is ScaleReplicaSet s && s.Name == RolloutWorld.NameOf("web:1"));
        Assert.Equal("5/5", world.SizeOf("web:1"));

        world.AssertActions(world.Reconcile(), "scale web-{v1} 4", "event Normal StepStarted", "event Normal RolloutPaused");
        world.Run();
        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
        Assert.Equal("1/1", world.SizeOf("web:2"));
        Assert.Equal("4/4", world.SizeOf("web:1"));

        world.Promote();
        world.Run(until: w => w.CanaryWeight == 50 && w.Status.Phase == RolloutPhase.Paused);
        world.Run();
        Assert.Equal("3/3", world.SizeOf("web:2"));
        Assert.Equal("3/3", world.SizeOf("web:1"));

        world.Promote();
        world.Run(until: w => w.CanaryWeight == 100);
        Assert.Equal("3/3", world.SizeOf("web:1"));
        Assert.Equal(V1, world.SelectorOf("web-stable"));
        world.Run();
        Assert.Contains(world.Plans, p => p.Actions.Any(a => a is ScaleReplicaSet { Replicas: 0 } s && s.Name == RolloutWorld.NameOf("web:1")));
        Assert.Equal(RolloutPhase.Healthy, world.Status.Phase);
        Assert.Equal(V2, world.Status.StableRS);
        Assert.Equal(V2, world.SelectorOf("web-stable"));
        Assert.Null(world.CanaryWeight);
        Assert.Equal("5/5", world.SizeOf("web:2"));
    }

    [Fact]
    public void An_abort_scales_the_stable_up_first_and_moves_traffic_back_as_its_pods_become_available()
    {
        var world = Dynamic();
        world.ReadyAfterTicks = 2;
        world.SetImage("web:2");
        world.Run();
        world.Promote();
        world.Run();
        Assert.Equal(50, world.CanaryWeight);
        Assert.Equal("3/3", world.SizeOf("web:1"));

        world.Abort();
        var abort = world.Reconcile();
        world.AssertActions(abort, "scale web-{v1} 5", "ingress web-web-canary weight=40", "event Warning RolloutAborted");
        Assert.Equal(40, abort.Status.Canary!.Weights!.Canary!.Weight);
        Assert.Equal(RolloutPhase.Degraded, abort.Status.Phase);
        Assert.Equal("3/3", world.SizeOf("web:2"));

        world.Run(until: w => w.CanaryWeight == 0);
        Assert.Equal("5/5", world.SizeOf("web:1"));
        Assert.Equal("3/3", world.SizeOf("web:2"));
        var trafficGone = world.Now;

        world.Run();
        Assert.Equal("0/0", world.SizeOf("web:2"));
        Assert.True(world.Now >= trafficGone.AddSeconds(30), "abortScaleDownDelaySeconds counts from the moment the canary has no traffic");
        Assert.Equal(RolloutPhase.Degraded, world.Status.Phase);
    }

    [Fact]
    public void Without_dynamic_stable_scale_the_stable_keeps_every_pod_and_an_abort_takes_traffic_back_at_once()
    {
        var world = RolloutWorld.Create("setWeight 20, pause, setWeight 50, pause");
        world.Run();
        world.SetImage("web:2");
        world.Run();
        Assert.Equal("5/5", world.SizeOf("web:1"));

        world.Abort();
        world.Reconcile();
        Assert.Equal(0, world.CanaryWeight);
    }

    private static RolloutWorld Dynamic()
    {
        var world = RolloutWorld.Create("setWeight 20, pause, setWeight 50, pause", strategy: c => c with { DynamicStableScale = true, ScaleDownDelaySeconds = 0 });
        world.Run();
        return world;
    }
}
