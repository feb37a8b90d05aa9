using Rollouts.Engine.Tests.Support;
using Rollouts.Engine.Traffic.GatewayApi;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Traffic.GatewayApi;

public class HttpRouteRulesTests
{
    private static HttpRoute WithAccepted(long generation, params (string Status, long Observed)[] parents) =>
        RolloutWorld.HttpRoute() with
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Generation = generation },
            Status = new HttpRouteStatus
            {
                Parents = [.. parents.Select(p => new RouteParentStatus
                {
                    Conditions = [new ResourceCondition { Type = "Accepted", Status = p.Status, ObservedGeneration = p.Observed, Reason = "R" }],
                })],
            },
        };

    [Theory]
    [InlineData(3, "True", 3, null)]
    [InlineData(3, "True", 4, null)]
    [InlineData(3, "True", 2, "a gateway has seen generation 2 of 3")]
    [InlineData(3, "False", 3, "a gateway did not accept it: R")]
    public void A_route_counts_as_accepted_only_for_its_current_generation(long generation, string status, long observed, string? why) =>
        Assert.Equal(why, HttpRouteRules.NotAccepted(WithAccepted(generation, (status, observed))));

    [Fact]
    public void Every_parent_must_accept_and_a_route_without_parents_is_not_accepted()
    {
        Assert.Equal("a gateway has seen generation 1 of 2", HttpRouteRules.NotAccepted(WithAccepted(2, ("True", 2), ("True", 1))));
        Assert.Equal("no gateway has reported on it yet", HttpRouteRules.NotAccepted(RolloutWorld.HttpRoute()));
    }

    [Theory]
    [InlineData(0, 100, 0)]
    [InlineData(20, 80, 20)]
    [InlineData(100, 0, 100)]
    public void Weights_are_set_on_the_stable_and_canary_backends(int weight, int stable, int canary)
    {
        var desired = HttpRouteRules.Desired(RolloutWorld.HttpRoute(), "web-stable", "web-canary", "shop", weight, []);

        Assert.Equal([stable, canary], desired.Spec!.Rules![0].BackendRefs!.Select(b => b.Weight ?? -1));
        Assert.Equal(weight, HttpRouteRules.WeightOf(desired, "web-stable", "web-canary", "shop"));
    }

    [Fact]
    public void Rules_to_other_services_are_kept_as_they_are()
    {
        var route = RolloutWorld.HttpRoute();
        var other = new HttpRouteRule { BackendRefs = [new HttpBackendRef { Name = "api", Weight = 7 }] };
        route = route with { Spec = route.Spec! with { Rules = [other, .. route.Spec.Rules!] } };

        var desired = HttpRouteRules.Desired(route, "web-stable", "web-canary", "shop", 40, []);

        Assert.Same(other, desired.Spec!.Rules![0]);
        Assert.True(HttpRouteRules.Matches(desired, HttpRouteRules.Desired(desired, "web-stable", "web-canary", "shop", 40, [])));
        Assert.False(HttpRouteRules.Matches(desired, HttpRouteRules.Desired(desired, "web-stable", "web-canary", "shop", 50, [])));
    }

    [Fact]
    public void A_deleted_rollout_gives_its_route_back_to_the_stable_service_without_header_rules()
    {
        var header = new Engine.Traffic.HeaderRoute("beta", [new Api.Rollouts.HeaderRoutingMatch { HeaderName = "x-beta", HeaderValue = new Api.Rollouts.StringMatch { Exact = "1" } }]);
        var route = HttpRouteRules.Desired(RolloutWorld.HttpRoute(), "web-stable", "web-canary", "shop", 40, [header]);
        var world = RolloutWorld.Create("setWeight 40", gateway: true);
        world.PutRoute(route);

        var restore = Assert.Single(GatewayApiRestore.Actions(world.Observe()));

        Assert.True(restore.Restore);
        Assert.Single(restore.Route.Spec!.Rules!);
        Assert.Equal(0, HttpRouteRules.WeightOf(restore.Route, "web-stable", "web-canary", "shop"));
        Assert.Empty(HttpRouteRules.ManagedNames(restore.Route));
    }
}
