using Rollouts.Api.Rollouts;
using Rollouts.Engine.Traffic.GatewayApi;
using Rollouts.Kubernetes.Models;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>samples/canary-gateway.yaml end to end: weights on an HTTPRoute whose gateway accepts each generation late.</summary>
public sealed class GatewayApiRolloutTests : IAsyncLifetime
{
    private RolloutWorld _world = null!;

    public async Task InitializeAsync() => _world = await RolloutWorld.StartAsync(simulateTraffic: true);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private HttpRoute Route => _world.State.HttpRoute("web") ?? throw new InvalidOperationException("HTTPRoute web does not exist");

    private static string Weights(HttpRoute route) =>
        string.Join(",", route.Spec!.Rules![0].BackendRefs!.Select(b => $"{b.Name}={b.Weight}"));

    private long CanaryRequests => _world.Api.Server.Traffic!.Metrics.Count(l => l.Ingress == "web" && l.Canary == "web-canary");

    private static string Sample() =>
        Replace(Replace(File.ReadAllText(RepositoryFiles.Sample("canary-gateway.yaml")),
            "sandbox.rollouts.dev/gateway-accept-delay: 2s", "sandbox.rollouts.dev/gateway-accept-delay: 4s"),
            "      - pause: {duration: 30s}\n", "      - pause: {duration: 1s}\n");

    [Fact]
    public async Task Each_step_waits_for_the_gateway_and_traffic_splits_only_once_the_route_is_accepted()
    {
        await _world.ApplyAsync(Sample());
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");
        var stable = _world.Status.StableRS;

        await _world.SetImageAsync("web:1.1");

        await _world.WaitForAsync(s => s.Message?.StartsWith("waiting for the gateway to accept HTTPRoute 'web'", StringComparison.Ordinal) == true,
            "step 1 to wait for the gateway");
        var canaryRequests = CanaryRequests;
        var route = Route;
        Assert.Equal(0, _world.Status.CurrentStepIndex);
        Assert.Equal("web-stable=80,web-canary=20", Weights(route));
        Assert.NotNull(HttpRouteRules.NotAccepted(route));
        Assert.Equal(0, canaryRequests);

        await _world.WaitUntilAsync(() => _world.Status is { Phase: RolloutPhase.Paused, CurrentStepIndex: 4 }, "the Rollout to pause at step 5", TimeSpan.FromSeconds(60));
        route = Route;
        Assert.Null(HttpRouteRules.NotAccepted(route));
        Assert.Equal("web-stable=50,web-canary=50", Weights(route));
        var header = route.Spec!.Rules![1];
        Assert.Equal("web-canary", Assert.Single(header.BackendRefs!).Name);
        Assert.Equal("Exact x-canary always", string.Join(",", header.Matches![0].Headers!.Select(h => $"{h.Type} {h.Name} {h.Value}")));
        await _world.WaitUntilAsync(() => CanaryRequests > 0, "the traffic simulator to send requests to web-canary");
        Assert.Contains(_world.Checks.Statuses, s => s.CurrentStepIndex == 2 && s.Message?.StartsWith("waiting for the gateway", StringComparison.Ordinal) == true);

        await _world.PromoteAsync();
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS != stable, "the canary to be promoted", TimeSpan.FromSeconds(60));
        await _world.WaitUntilAsync(() => Route.Spec!.Rules!.Count == 1 && Weights(Route) == "web-stable=100,web-canary=0", "the route to send everything to web-stable");
        Assert.Equal(_world.Status.StableRS, _world.State.Service("web-stable")?.Spec?.Selector?[RolloutLabels.PodTemplateHash]);
        Assert.False(Route.Metadata.Annotations?.ContainsKey(HttpRouteRules.ManagedRulesAnnotation) == true);
    }

    [Fact]
    public async Task The_plugin_form_of_argo_rollouts_routes_the_same_way()
    {
        var yaml = Replace(Replace(Sample(), "        gatewayAPI: {httpRoute: web}\n", "        plugins:\n          argoproj-labs/gatewayAPI: {httpRoute: web, namespace: default}\n"),
            "sandbox.rollouts.dev/gateway-accept-delay: 4s", "sandbox.rollouts.dev/gateway-accept-delay: 0s");
        await _world.ApplyAsync(yaml);
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");

        await _world.SetImageAsync("web:1.1");

        await _world.WaitUntilAsync(() => _world.Status is { Phase: RolloutPhase.Paused, CurrentStepIndex: 4 }, "the Rollout to pause at step 5");
        Assert.Equal("web-stable=50,web-canary=50", Weights(Route));
        await _world.AbortAsync();
        await _world.WaitUntilAsync(() => Route.Spec!.Rules!.Count == 1 && Weights(Route) == "web-stable=100,web-canary=0", "the abort to give the route back to web-stable");
    }

    private static string Replace(string text, string old, string replacement) =>
        text.Contains(old, StringComparison.Ordinal)
            ? text.Replace(old, replacement, StringComparison.Ordinal)
            : throw new InvalidOperationException($"samples/canary-gateway.yaml no longer contains:\n{old}");
}
