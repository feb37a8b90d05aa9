using System.Text.Json;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;
using Rollouts.Engine.Traffic.GatewayApi;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>A canary on an HTTPRoute: weights in its backendRefs, counted as applied only once the gateway accepted them.</summary>
public class CanaryPlannerGatewayApiTests
{
    private static int? RouteWeight(RolloutWorld world) =>
        world.Route("web") is { } route ? HttpRouteRules.WeightOf(route, "web-stable", "web-canary", "shop") : null;

    /// <summary>Runs until the status message starts with <paramref name="start"/> (the progress deadline is far off).</summary>
    private static void RunUntilMessage(RolloutWorld world, string start) =>
        world.Run(until: w => w.Status.Message?.StartsWith(start, StringComparison.Ordinal) == true);

    private static IReadOnlyList<int?> Weights(HttpRoute route) =>
        [.. route.Spec!.Rules![0].BackendRefs!.Select(b => b.Weight)];

    [Fact]
    public void The_step_waits_until_the_gateway_accepts_the_generation_that_holds_its_weight()
    {
        var world = RolloutWorld.Create("setWeight 20, pause", gateway: true);
        world.Run();
        world.GatewayAccepts = false;
        world.SetImage("web:2");

        RunUntilMessage(world, "waiting for the gateway");
        world.Advance(TimeSpan.FromSeconds(30));
        world.Reconcile();

        Assert.Equal(20, RouteWeight(world));
        Assert.Null(world.AcceptedRouteWeight);
        Assert.Equal(0, world.Status.CurrentStepIndex);
        Assert.Equal(RolloutPhase.Progressing, world.Status.Phase);
        Assert.Equal(
            "waiting for the gateway to accept HTTPRoute 'web' generation 2 (weight 20): gateway 'edge' has seen generation 1 of 2",
            world.Status.Message);

        world.GatewayAccepts = true;
        world.Run();

        Assert.Equal(20, world.AcceptedRouteWeight);
        Assert.Equal(1, world.Status.CurrentStepIndex);
        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
    }

    [Fact]
    public void A_gateway_that_refuses_the_route_keeps_the_step_waiting_with_its_reason()
    {
        var world = RolloutWorld.Create("setWeight 20, pause", gateway: true);
        world.Run();
        world.GatewayAccepts = false;
        world.SetImage("web:2");
        RunUntilMessage(world, "waiting for the gateway");
        var route = world.Route("web")!;
        world.PutRoute(route with
        {
            Status = new HttpRouteStatus
            {
                Parents =
                [
                    new RouteParentStatus
                    {
                        ParentRef = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["name"] = "edge" }),
                        Conditions = [new ResourceCondition { Type = "Accepted", Status = "False", ObservedGeneration = route.Metadata.Generation, Reason = "NotAllowedByListeners" }],
                    },
                ],
            },
        });

        world.Reconcile();

        Assert.Equal(0, world.Status.CurrentStepIndex);
        Assert.EndsWith("gateway 'edge' did not accept it: NotAllowedByListeners", world.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Promotion_moves_the_weights_through_the_steps_and_gives_the_route_back_to_stable_after_the_services_switch()
    {
        var world = RolloutWorld.Create("setWeight 20, pause, setWeight 60, pause 10s", gateway: true);
        world.Run();
        world.SetImage("web:2");
        world.Run();
        Assert.Equal([80, 20], Weights(world.Route("web")!));

        world.Promote();
        world.Run(until: w => w.Status.CurrentStepIndex == 3);
        Assert.Equal([40, 60], Weights(world.Route("web")!));

        world.Run();

        Assert.Equal(RolloutWorld.Hash("web:2"), world.Status.StableRS);
        Assert.Equal([100, 0], Weights(world.Route("web")!));
        var promotion = world.Plans.Single(p => p.Actions.OfType<ApplyHttpRoute>().Any(a => a.Restore));
        var actions = promotion.Actions.ToList();
        Assert.True(
            actions.FindIndex(a => a is PatchServiceSelector { ServiceName: "web-stable" }) < actions.FindIndex(a => a is ApplyHttpRoute),
            string.Join("\n", actions));
    }

    [Fact]
    public void A_route_without_a_canary_backend_gets_one_beside_the_stable_one()
    {
        var world = RolloutWorld.Create("setWeight 20, pause", gateway: true);
        world.PutRoute(RolloutWorld.HttpRoute(withCanary: false));
        world.Run();
        world.SetImage("web:2");

        world.Run();

        var refs = world.Route("web")!.Spec!.Rules![0].BackendRefs!;
        Assert.Equal(["web-stable:80:80", "web-canary:80:20"], refs.Select(b => $"{b.Name}:{b.Port}:{b.Weight}"));
    }

    [Fact]
    public void An_abort_sets_the_canary_weight_back_to_zero()
    {
        var world = RolloutWorld.Create("setWeight 40, pause", gateway: true);
        world.Run();
        world.SetImage("web:2");
        world.Run();

        world.Abort();
        world.Run();

        Assert.Equal(0, RouteWeight(world));
        Assert.Equal(RolloutPhase.Degraded, world.Status.Phase);
    }

    [Fact]
    public void A_missing_route_or_one_without_the_stable_service_is_reported()
    {
        var world = RolloutWorld.Create("setWeight 20, pause", gateway: true);
        world.PutRoute(RolloutWorld.HttpRoute(backend: "other") with { Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Generation = 1 } });
        world.Run();
        world.SetImage("web:2");

        RunUntilMessage(world, "HTTPRoute");

        Assert.Equal("HTTPRoute 'web' has no rule with a backendRef to the stable service 'web-stable' (spec.strategy.canary.stableService)", world.Status.Message);
        Assert.Equal(0, world.Status.CurrentStepIndex);
    }

    [Fact]
    public void Without_the_HTTPRoute_API_at_operator_start_the_step_says_to_install_it_and_restart()
    {
        var world = RolloutWorld.Create("setWeight 20, pause", gateway: true);
        world.Run();
        world.HttpRoutesServed = false;
        world.SetImage("web:2");

        RunUntilMessage(world, "HTTPRoute");

        Assert.Equal(
            "HTTPRoute 'web' (spec.strategy.canary.trafficRouting.gatewayAPI) cannot be read: the cluster did not serve HTTPRoutes (gateway.networking.k8s.io/v1) when the operator started; install the Gateway API CRDs and restart the operator",
            world.Status.Message);
        Assert.Equal(0, world.Status.CurrentStepIndex);
        Assert.Single(world.Plans.SelectMany(p => p.Actions).OfType<RecordEvent>(), e => e.Reason == MissingReference.Reason && e.Type == RecordEvent.Warning);
    }

    [Fact]
    public void The_plugin_form_of_argo_rollouts_is_read_as_gatewayAPI()
    {
        var plugin = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["httpRoute"] = "web" });
        var world = RolloutWorld.Create("setWeight 30, pause", gateway: true, strategy: c => c with
        {
            TrafficRouting = new RolloutTrafficRouting { Plugins = new Dictionary<string, JsonElement> { [GatewayApiTrafficRouting.PluginName] = plugin } },
        });
        world.Run();
        world.SetImage("web:2");

        world.Run();

        Assert.Equal(30, world.AcceptedRouteWeight);
        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
    }

    [Fact]
    public void A_header_route_adds_a_rule_to_the_canary_that_goes_when_the_rollout_is_promoted()
    {
        var world = RolloutWorld.Create("setHeaderRoute beta x-beta=1, setWeight 20, pause", gateway: true, strategy: c => c with
        {
            TrafficRouting = c.TrafficRouting! with { ManagedRoutes = [new ManagedRoute { Name = "beta" }] },
        });
        world.Run();
        world.SetImage("web:2");

        world.Run();

        var route = world.Route("web")!;
        Assert.Equal(2, route.Spec!.Rules!.Count);
        var managed = route.Spec.Rules[1];
        Assert.Equal("web-canary", Assert.Single(managed.BackendRefs!).Name);
        var match = Assert.Single(managed.Matches!);
        Assert.Equal("/", match.Path!.Value);
        Assert.Equal("Exact x-beta 1", string.Join(",", match.Headers!.Select(h => $"{h.Type} {h.Name} {h.Value}")));
        Assert.Equal("beta", route.Metadata.Annotations![HttpRouteRules.ManagedRulesAnnotation]);
        Assert.Equal(2, world.Status.CurrentStepIndex);

        world.Promote();
        world.Run();

        route = world.Route("web")!;
        Assert.Single(route.Spec!.Rules!);
        Assert.False(route.Metadata.Annotations?.ContainsKey(HttpRouteRules.ManagedRulesAnnotation) == true);
        Assert.Equal(RolloutWorld.Hash("web:2"), world.Status.StableRS);
    }

    [Fact]
    public void The_header_route_step_waits_for_the_gateway_and_an_abort_removes_the_rule()
    {
        var world = RolloutWorld.Create("setHeaderRoute beta x-beta^=be, pause", gateway: true, strategy: c => c with
        {
            TrafficRouting = c.TrafficRouting! with { ManagedRoutes = [new ManagedRoute { Name = "beta" }] },
        });
        world.Run();
        world.GatewayAccepts = false;
        world.SetImage("web:2");

        RunUntilMessage(world, "waiting for the gateway");
        Assert.Equal(0, world.Status.CurrentStepIndex);
        Assert.StartsWith("waiting for the gateway to accept HTTPRoute 'web' generation 2 (weight 0 and header routes beta (x-beta^=be))", world.Status.Message, StringComparison.Ordinal);
        Assert.Equal("RegularExpression x-beta ^be.*", string.Join(",", world.Route("web")!.Spec!.Rules![1].Matches![0].Headers!.Select(h => $"{h.Type} {h.Name} {h.Value}")));

        world.GatewayAccepts = true;
        world.Run();
        Assert.Equal(1, world.Status.CurrentStepIndex);

        world.Abort();
        world.Run();
        Assert.Single(world.Route("web")!.Spec!.Rules!);
    }
}
