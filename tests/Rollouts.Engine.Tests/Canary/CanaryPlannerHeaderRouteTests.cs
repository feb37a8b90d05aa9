using Rollouts.Api.Rollouts;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>setHeaderRoute with NGINX: the canary-by-header annotations of the canary ingress.</summary>
public class CanaryPlannerHeaderRouteTests
{
    private const string Prefix = "nginx.ingress.kubernetes.io/";

    private static RolloutWorld Create(string steps) =>
        RolloutWorld.Create(steps, strategy: c => c with
        {
            TrafficRouting = c.TrafficRouting! with { ManagedRoutes = [new ManagedRoute { Name = "beta" }] },
        });

    private static IReadOnlyDictionary<string, string> Annotations(RolloutWorld world) =>
        world.Ingress(RolloutWorld.CanaryIngressName)!.Metadata.Annotations!;

    [Theory]
    [InlineData("x-beta=1", "canary-by-header-value", "1")]
    [InlineData("x-beta^=be.", "canary-by-header-pattern", "^be\\..*")]
    [InlineData("x-beta~=b(e|o)ta", "canary-by-header-pattern", "b(e|o)ta")]
    public void The_canary_ingress_carries_the_header_match(string match, string annotation, string value)
    {
        var world = Create($"setWeight 10, setHeaderRoute beta {match}, pause");
        world.Run();
        world.SetImage("web:2");

        world.Run();

        Assert.Equal(2, world.Status.CurrentStepIndex);
        Assert.Equal("x-beta", Annotations(world)[Prefix + "canary-by-header"]);
        Assert.Equal(value, Annotations(world)[Prefix + annotation]);
        Assert.Equal("10", Annotations(world)[Prefix + "canary-weight"]);
    }

    [Fact]
    public void A_later_step_without_match_removes_the_header_route()
    {
        var world = Create("setWeight 10, setHeaderRoute beta x-beta=1, pause, setHeaderRoute beta, pause");
        world.Run();
        world.SetImage("web:2");
        world.Run();
        Assert.True(Annotations(world).ContainsKey(Prefix + "canary-by-header"));

        world.Promote();
        world.Run();

        Assert.Equal(4, world.Status.CurrentStepIndex);
        Assert.False(Annotations(world).ContainsKey(Prefix + "canary-by-header"));
        Assert.False(Annotations(world).ContainsKey(Prefix + "canary-by-header-value"));
    }

    [Fact]
    public void An_abort_takes_the_header_route_away_with_the_weight()
    {
        var world = Create("setWeight 10, setHeaderRoute beta x-beta=1, pause");
        world.Run();
        world.SetImage("web:2");
        world.Run();

        world.Abort();
        world.Run();

        Assert.Equal("0", Annotations(world)[Prefix + "canary-weight"]);
        Assert.False(Annotations(world).ContainsKey(Prefix + "canary-by-header"));
    }
}
