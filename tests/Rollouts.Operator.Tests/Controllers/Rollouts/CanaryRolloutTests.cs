using Rollouts.Api.Rollouts;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>The sample canary, end to end: the operator moves traffic step by step as the user steers it.</summary>
public sealed class CanaryRolloutTests : IAsyncLifetime
{
    private RolloutWorld _world = null!;

    public async Task InitializeAsync() => _world = await RolloutWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_new_image_goes_through_every_step_and_is_promoted()
    {
        await _world.GivenTheSampleIsHealthyAsync();
        var stable = _world.Status.StableRS;

        await _world.SetImageAsync("web:1.1");

        await _world.WaitPausedAtAsync(step: 3, weight: 50);
        Assert.Equal(stable, _world.Status.StableRS);
        await _world.PromoteAsync();
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS != stable, "the canary to be promoted");
        await _world.WaitUntilAsync(() => _world.ReplicaSetOf(stable)?.Spec?.Replicas == 0, "the old stable to be scaled down");

        Assert.Null(_world.State.Ingress(RolloutWorld.CanaryIngress));
        Assert.Equal([20, 50, 100], _world.Checks.IngressWeights.Where(w => w > 0).Distinct());
        var steps = _world.Checks.Statuses.Select(s => (s.CurrentStepIndex, s.Phase, Weight: s.Canary?.Weights?.Canary?.Weight)).ToList();
        Assert.Contains((1, RolloutPhase.Paused, 20), steps);
        Assert.Contains((3, RolloutPhase.Paused, 50), steps);
        Assert.Contains((4, RolloutPhase.Progressing, 100), steps);
        Assert.Equal(0, _world.Checks.IngressWeights[^1]);
        Assert.Equal(5, _world.ReplicaSetOf(_world.Status.StableRS)?.Spec?.Replicas);
        Assert.Equal(_world.Status.StableRS, _world.State.Service("web-stable")?.Spec?.Selector?[RolloutLabels.PodTemplateHash]);
        _world.ThenNoInvariantWasBroken();
    }
}
