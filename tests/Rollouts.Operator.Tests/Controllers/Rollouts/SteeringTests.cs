using Rollouts.Api.Rollouts;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>
/// Steering a canary that waits at its first pause (20 % of traffic) with the status patches the CLI sends:
/// promote, promote --full, abort, retry; and changing the template mid-canary (rollback, a newer version).
/// </summary>
public sealed class SteeringTests : IAsyncLifetime
{
    private static readonly CanarySample PausedAtFirstStep = new() { FirstPause = null, ScaleDownDelaySeconds = 1 };
    private RolloutWorld _world = null!;
    private string _stable = null!;

    public async Task InitializeAsync()
    {
        _world = await RolloutWorld.StartAsync();
        await _world.GivenTheSampleIsHealthyAsync(PausedAtFirstStep);
        _stable = _world.Status.StableRS!;
        await _world.SetImageAsync("web:1.1");
        await _world.WaitPausedAtAsync(step: 1, weight: 20);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static (string? Phase, int? Step, int? Weight, int? Replicas, int? Updated, int? Ready, int? Available, string? Message) Summary(RolloutStatus status) =>
        (status.Phase, status.CurrentStepIndex, status.Canary?.Weights?.Canary?.Weight, status.Replicas, status.UpdatedReplicas,
         status.ReadyReplicas, status.AvailableReplicas, status.Message);

    [Fact]
    public async Task Promote_moves_on_to_the_next_step()
    {
        await _world.PromoteAsync();

        await _world.WaitPausedAtAsync(step: 3, weight: 50);
        Assert.Equal(_stable, _world.Status.StableRS);
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task Promote_full_skips_the_remaining_steps()
    {
        await _world.PromoteFullAsync();

        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS != _stable, "the canary to be promoted in full");
        Assert.Null(_world.State.Ingress(RolloutWorld.CanaryIngress));
        Assert.DoesNotContain(50, _world.Checks.IngressWeights);
        Assert.Contains(100, _world.Checks.IngressWeights);
        Assert.Null(_world.Status.PromoteFull);
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task Abort_sends_all_traffic_to_stable_at_once_and_scales_the_canary_down_later()
    {
        var canary = _world.Status.CurrentPodHash;
        // The recorder sees a write once the operator has read the answer; wait until it caught up with the server.
        await _world.WaitUntilAsync(() => _world.Checks.Statuses is [.., var last] && Summary(last) == Summary(_world.Status) && _world.Checks.IngressWeights is [.., 20],
            "the operator's writes before the abort to be recorded");
        var (statuses, weights) = (_world.Checks.Statuses.Count, _world.Checks.IngressWeights.Count);

        await _world.AbortAsync();

        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Degraded, "the Rollout to be Degraded");
        // The server can show the write before the test's recorder has seen the operator's answer to it.
        await _world.WaitUntilAsync(() => _world.Checks.Statuses.Count > statuses && _world.Checks.IngressWeights.Count > weights,
            "the operator's abort writes to be recorded");
        var firstStatus = _world.Checks.Statuses[statuses];
        Assert.Equal((true, 0), (firstStatus.Abort, firstStatus.Canary?.Weights?.Canary?.Weight));
        Assert.Equal(0, _world.Checks.IngressWeights[weights]);
        Assert.Equal(0, _world.IngressWeight);
        Assert.Equal(0, _world.Status.Canary?.Weights?.Canary?.Weight);
        Assert.Equal(_stable, _world.Status.StableRS);
        Assert.Equal(5, _world.ReplicaSetOf(_stable)?.Spec?.Replicas);
        await _world.WaitUntilAsync(() => _world.ReplicaSetOf(canary)?.Spec?.Replicas == 0, "the aborted canary to be scaled down");
        Assert.Equal(RolloutPhase.Degraded, _world.Status.Phase);
        Assert.Equal(0, _world.IngressWeight);
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task Retry_after_an_abort_starts_the_steps_over()
    {
        await _world.AbortAsync();
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Degraded && s.Canary?.Weights?.Canary?.Weight == 0, "the abort");

        await _world.RetryAsync();

        await _world.WaitPausedAtAsync(step: 1, weight: 20);
        Assert.Equal(_stable, _world.Status.StableRS);
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task Rollback_to_the_stable_template_withdraws_the_canary_without_steps()
    {
        var canary = _world.Status.CurrentPodHash;

        await _world.SetImageAsync("web:1.0");

        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.CurrentPodHash == _stable, "the Rollout to be Healthy on the stable version");
        Assert.Equal(_stable, _world.Status.StableRS);
        Assert.Null(_world.State.Ingress(RolloutWorld.CanaryIngress));
        await _world.WaitUntilAsync(() => _world.ReplicaSetOf(canary)?.Spec?.Replicas == 0, "the withdrawn canary to be scaled down");
        Assert.Equal(_stable, _world.State.Service("web-canary")?.Spec?.Selector?[RolloutLabels.PodTemplateHash]);
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task A_new_template_mid_canary_replaces_the_canary_and_starts_the_steps_over()
    {
        var first = _world.Status.CurrentPodHash;

        await _world.SetImageAsync("web:1.2");

        await _world.WaitUntilAsync(() => _world.Status.CurrentPodHash != first && _world.Status.Phase == RolloutPhase.Paused &&
                                          _world.Status.CurrentStepIndex == 1 && _world.IngressWeight == 20,
            "the newer canary to pause at step 1 with weight 20");
        Assert.Equal(_stable, _world.Status.StableRS);
        Assert.Equal(_world.Status.CurrentPodHash, _world.State.Service("web-canary")?.Spec?.Selector?[RolloutLabels.PodTemplateHash]);
        await _world.WaitUntilAsync(() => _world.ReplicaSetOf(first)?.Spec?.Replicas == 0, "the replaced canary to be scaled down");
        _world.ThenNoInvariantWasBroken();
    }
}
