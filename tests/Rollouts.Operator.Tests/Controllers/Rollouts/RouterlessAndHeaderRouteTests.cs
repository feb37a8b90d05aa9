using Rollouts.Api.Rollouts;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>The NGINX sample with a header route, and the same sample without a router: pods stand for the weight.</summary>
public sealed class RouterlessAndHeaderRouteTests : IAsyncLifetime
{
    private const string Nginx = "      trafficRouting:\n        nginx: {stableIngress: web}\n";

    private RolloutWorld _world = null!;

    public async Task InitializeAsync() => _world = await RolloutWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_header_route_puts_the_canary_by_header_annotations_on_the_canary_ingress_until_promotion()
    {
        var yaml = Replace(Replace(new CanarySample().Yaml(), Nginx, Nginx + "        managedRoutes: [{name: beta}]\n"),
            "      - setWeight: 50\n",
            "      - setHeaderRoute: {name: beta, match: [{headerName: x-beta, headerValue: {prefix: be}}]}\n      - setWeight: 50\n");
        await _world.ApplyAsync(yaml);
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");

        await _world.SetImageAsync("web:1.1");

        await _world.WaitPausedAtAsync(step: 4, weight: 50);
        var annotations = _world.State.Ingress(RolloutWorld.CanaryIngress)!.Metadata.Annotations!;
        Assert.Equal("x-beta", annotations["nginx.ingress.kubernetes.io/canary-by-header"]);
        Assert.Equal("^be.*", annotations["nginx.ingress.kubernetes.io/canary-by-header-pattern"]);
        await _world.PromoteAsync();
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.CurrentStepIndex == 5, "the canary to be promoted");
        await _world.WaitUntilAsync(() => _world.State.Ingress(RolloutWorld.CanaryIngress) is null, "the canary ingress to be removed");
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task Without_a_router_the_canary_takes_its_share_of_pods_within_max_surge()
    {
        await _world.ApplyAsync(Replace(new CanarySample().Yaml(), Nginx, ""));
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");
        var stable = _world.Status.StableRS;
        var most = 0;

        await _world.SetImageAsync("web:1.1");

        await _world.WaitUntilAsync(() =>
        {
            most = Math.Max(most, _world.State.ReplicaSets().Sum(rs => rs.Spec?.Replicas ?? 0));
            return _world.Status is { Phase: RolloutPhase.Paused, CurrentStepIndex: 3 } &&
                   _world.ReplicaSetOf(_world.Status.CurrentPodHash)?.Status?.AvailableReplicas == 3;
        }, "the Rollout to pause at step 4 with 3 canary pods available");
        Assert.Equal(3, _world.ReplicaSetOf(_world.Status.CurrentPodHash)?.Spec?.Replicas);
        Assert.Equal(2, _world.ReplicaSetOf(stable)?.Spec?.Replicas);
        Assert.Null(_world.State.Ingress(RolloutWorld.CanaryIngress));
        Assert.InRange(most, 5, 7);

        await _world.PromoteAsync();
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS != stable, "the canary to be promoted");
        await _world.WaitUntilAsync(() => _world.ReplicaSetOf(stable)?.Spec?.Replicas == 0, "the old stable to be scaled down");
        Assert.Equal(5, _world.ReplicaSetOf(_world.Status.StableRS)?.Spec?.Replicas);
    }

    private static string Replace(string text, string old, string replacement) =>
        text.Contains(old, StringComparison.Ordinal)
            ? text.Replace(old, replacement, StringComparison.Ordinal)
            : throw new InvalidOperationException($"the sample no longer contains:\n{old}");
}
