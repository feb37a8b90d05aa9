using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;
using Rollouts.Engine.Traffic.Nginx;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Traffic.Nginx;

public class NginxRouterTests
{
    [Fact]
    public void A_missing_canary_ingress_is_created_and_one_that_holds_the_weight_is_left_alone()
    {
        var world = RolloutWorld.Create("setWeight 20");
        var router = Router(world);

        var (weight, actions) = router.SetWeight(20);
        Assert.Equal(20, weight);
        Assert.Equal(["ingress web-web-canary weight=20"], actions.Select(a => a.ToString()));
        Assert.False(router.Holds(20));

        world.SetCanaryWeight(20);
        router = Router(world);
        Assert.True(router.Holds(20));
        Assert.False(router.Holds(30));
        Assert.Empty(router.SetWeight(20).Actions);
        Assert.Equal(20, router.ObservedWeight);
    }

    [Fact]
    public void Without_its_stable_ingress_a_canary_ingress_can_be_lowered_but_not_raised()
    {
        var world = RolloutWorld.Create("setWeight 20");
        world.SetCanaryWeight(30);
        world.DeleteIngress("web");
        var router = Router(world);

        Assert.Equal(30, router.SetWeight(50).Weight);
        Assert.Empty(router.SetWeight(50).Actions);

        var (weight, actions) = router.SetWeight(0);
        Assert.Equal(0, weight);
        var apply = Assert.IsType<ApplyCanaryIngress>(Assert.Single(actions));
        Assert.Equal("0", apply.Ingress.Metadata.Annotations!["nginx.ingress.kubernetes.io/canary-weight"]);
        Assert.Equal(["stable ingress 'web' (spec.strategy.canary.trafficRouting.nginx) does not exist"], router.Problems);
    }

    [Fact]
    public void Only_canary_ingresses_the_rollout_controls_are_removed()
    {
        var world = RolloutWorld.Create("setWeight 20");
        world.PutIngress(new Ingress { Metadata = new ObjectMeta { Name = RolloutWorld.CanaryIngressName } });
        Assert.Empty(Router(world).Remove());
        Assert.Equal(0, Router(world).ObservedWeight);

        world.SetCanaryWeight(10);
        Assert.Equal(["delete-ingress web-web-canary"], Router(world).Remove().Select(a => a.ToString()));
    }

    private static NginxRouter Router(RolloutWorld world) =>
        new(world.Rollout, world.Rollout.Spec!.Strategy!.Canary!.TrafficRouting!.Nginx!, world.Observe());
}
