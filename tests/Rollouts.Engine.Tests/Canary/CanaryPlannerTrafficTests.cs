using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>The canary ingress and services when the world is not as the Rollout expects it.</summary>
public class CanaryPlannerTrafficTests
{
    private static bool UpdateSettled(RolloutWorld world) =>
        world.Status.CurrentPodHash == RolloutWorld.Hash("web:2") && world.Plans[^1].IsEmpty;

    [Fact]
    public void Without_its_stable_ingress_the_canary_gets_no_traffic_and_the_status_says_what_is_missing()
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        world.DeleteIngress("web");
        world.SetImage("web:2");

        world.Run(until: UpdateSettled);

        Assert.Null(world.CanaryWeight);
        Assert.Equal(0, world.Status.CurrentStepIndex);
        Assert.Equal("stable ingress 'web' (spec.strategy.canary.trafficRouting.nginx) does not exist", world.Status.Message);

        world.PutIngress(RolloutWorld.StableIngress());
        world.Run();
        Assert.Equal(20, world.CanaryWeight);
        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
    }

    [Fact]
    public void When_the_stable_ingress_disappears_mid_canary_the_weight_holds_and_an_abort_still_brings_it_to_zero()
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        world.SetImage("web:2");
        world.Run();
        world.DeleteIngress("web");

        var hold = world.Reconcile();
        world.AssertActions(hold);
        Assert.Equal(20, hold.Status.Canary!.Weights!.Canary!.Weight);

        world.Abort();
        var abort = world.Reconcile();
        Assert.Equal(0, world.CanaryWeight);
        Assert.Equal(0, abort.Status.Canary!.Weights!.Canary!.Weight);
    }

    [Fact]
    public void An_ingress_of_someone_else_under_the_canary_name_is_left_alone()
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        var foreign = RolloutWorld.StableIngress() with { Metadata = new ObjectMeta { Name = RolloutWorld.CanaryIngressName, Namespace = "shop" } };
        world.PutIngress(foreign);
        world.SetImage("web:2");

        world.Run(until: UpdateSettled);

        Assert.Same(foreign, world.Ingress(RolloutWorld.CanaryIngressName));
        Assert.Equal("ingress 'web-web-canary' exists and is not controlled by rollout 'web'; delete or rename it", world.Status.Message);
        Assert.Equal(0, world.Status.Canary!.Weights!.Canary!.Weight);
    }

    [Fact]
    public void A_stable_ingress_that_does_not_send_to_the_stable_service_is_reported()
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        world.PutIngress(RolloutWorld.StableIngress(backend: "web-other"));
        world.SetImage("web:2");

        world.Run(until: UpdateSettled);

        Assert.Null(world.CanaryWeight);
        Assert.StartsWith("ingress 'web' has no backend on the stable service 'web-stable'", world.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_its_canary_service_the_canary_gets_no_traffic()
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        world.DeleteService("web-canary");
        world.SetImage("web:2");

        world.Run(until: UpdateSettled);

        Assert.Equal(0, world.CanaryWeight);
        Assert.Equal("canary service 'web-canary' (spec.strategy.canary.canaryService) does not exist", world.Status.Message);
    }

    [Fact]
    public void A_missing_service_gets_one_warning_event_when_the_rollout_starts_waiting_for_it()
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        world.DeleteService("web-canary");
        world.SetImage("web:2");

        var plans = world.Run(until: UpdateSettled);
        plans = [.. plans, world.Reconcile(), world.Reconcile()];

        var warnings = plans.SelectMany(p => p.Actions).OfType<RecordEvent>().Where(e => e.Reason == MissingReference.Reason).ToList();
        var warning = Assert.Single(warnings);
        Assert.Equal((RecordEvent.Warning, "canary service 'web-canary' (spec.strategy.canary.canaryService) does not exist"), (warning.Type, warning.Message));

        world.PutService(new Service
        {
            Metadata = new ObjectMeta { Name = "web-canary", Namespace = "shop" },
            Spec = new ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" } },
        });
        world.Run();
        Assert.Equal(20, world.CanaryWeight);
        Assert.Single(world.Plans.SelectMany(p => p.Actions).OfType<RecordEvent>(), e => e.Reason == MissingReference.Reason);
    }

    [Fact]
    public void A_canary_service_pointed_elsewhere_is_pointed_back_before_traffic_rises()
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        world.SetImage("web:2");
        world.Reconcile();
        world.SetSize("web:2", 1, 1);
        world.PutService(new Service
        {
            Metadata = new ObjectMeta { Name = "web-canary", Namespace = "shop" },
            Spec = new ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web", [RolloutLabels.PodTemplateHash] = RolloutWorld.Hash("web:1") } },
        });

        world.AssertActions(world.Reconcile(), "select web-canary {v2}");
        world.AssertActions(world.Reconcile(), "ingress web-web-canary weight=20");
    }

    [Fact]
    public void Every_stable_ingress_gets_its_own_canary_ingress_at_the_same_weight()
    {
        var world = RolloutWorld.Create("setWeight 20, pause", strategy: c => c with
        {
            TrafficRouting = new RolloutTrafficRouting { Nginx = new NginxTrafficRouting { StableIngresses = ["web", "web-internal"] } },
        });
        var internalIngress = RolloutWorld.StableIngress();
        world.PutIngress(internalIngress with { Metadata = internalIngress.Metadata with { Name = "web-internal" } });
        world.Run();
        world.SetImage("web:2");

        world.Run();

        Assert.Equal(20, world.CanaryWeight);
        Assert.Equal("20", world.Ingress("web-web-internal-canary")!.Metadata.Annotations!["nginx.ingress.kubernetes.io/canary-weight"]);

        world.Promote();
        world.Run();
        Assert.Null(world.Ingress("web-web-internal-canary"));
        Assert.Null(world.Ingress(RolloutWorld.CanaryIngressName));
    }
}
