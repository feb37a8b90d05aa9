using Rollouts.Api.Rollouts;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>
/// samples/bluegreen.yaml end to end (analyses left out): the new version comes up behind the preview service, and
/// the active service switches to it on promotion, by itself or when promoted, or stays on the old one on abort.
/// </summary>
public sealed class BlueGreenRolloutTests : IAsyncLifetime
{
    private RolloutWorld _world = null!;

    public async Task InitializeAsync() => _world = await RolloutWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private string? Active => _world.State.Service("web-active")?.Spec?.Selector?.GetValueOrDefault(RolloutLabels.PodTemplateHash);

    private string? Preview => _world.State.Service("web-preview")?.Spec?.Selector?.GetValueOrDefault(RolloutLabels.PodTemplateHash);

    private async Task<string> GivenHealthyAsync(BlueGreenSample sample)
    {
        await _world.ApplyAsync(sample.Yaml());
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");
        Assert.Equal(_world.Status.StableRS, Active);
        Assert.Equal(_world.Status.StableRS, Preview);
        return _world.Status.StableRS!;
    }

    [Fact]
    public async Task With_manual_promotion_the_new_version_waits_behind_the_preview_service_until_promoted()
    {
        var stable = await GivenHealthyAsync(new BlueGreenSample());

        await _world.SetImageAsync("web:1.1");

        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Paused && s.PauseConditions?.SingleOrDefault()?.Reason == "BlueGreenPause", "the Rollout to pause before promotion");
        var preview = _world.Status.CurrentPodHash;
        Assert.Equal((stable, preview), (Active, Preview));
        Assert.Equal(3, _world.ReplicaSetOf(preview)?.Status?.AvailableReplicas);
        Assert.Equal((stable, preview), (_world.Status.BlueGreen?.ActiveSelector, _world.Status.BlueGreen?.PreviewSelector));

        await _world.PromoteAsync();

        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS == preview, "the new version to be promoted");
        Assert.Equal(preview, Active);
        await _world.WaitUntilAsync(() => _world.ReplicaSetOf(stable)?.Spec?.Replicas == 0, "the old version to be scaled down after scaleDownDelaySeconds");
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task With_automatic_promotion_the_active_service_switches_once_every_new_pod_is_available()
    {
        var stable = await GivenHealthyAsync(new BlueGreenSample { AutoPromotion = true, PreviewReplicaCount = 1 });

        await _world.SetImageAsync("web:1.1");

        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS != stable, "the new version to be promoted by itself");
        var promoted = _world.Status.StableRS;
        Assert.Equal(promoted, Active);
        Assert.Equal(3, _world.ReplicaSetOf(promoted)?.Spec?.Replicas);
        // The switch was written only after a status showed the new version scaled up from its preview size.
        Assert.Contains(_world.Checks.Statuses, s => s.CurrentPodHash == promoted && s.BlueGreen?.ScaleUpPreviewCheckPoint == true);
        Assert.Contains(_world.State.Events(), e => e.Reason == "ActiveServiceSwitched");
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task Abort_keeps_the_active_service_on_the_old_version_and_scales_the_new_one_down()
    {
        var stable = await GivenHealthyAsync(new BlueGreenSample());
        await _world.SetImageAsync("web:1.1");
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Paused, "the Rollout to pause before promotion");
        var preview = _world.Status.CurrentPodHash;

        await _world.AbortAsync();

        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Degraded && s.Abort == true, "the abort to be applied");
        Assert.Equal(stable, Active);
        await _world.WaitUntilAsync(() => _world.ReplicaSetOf(preview)?.Spec?.Replicas == 0, "the new version to be scaled down after abortScaleDownDelaySeconds");
        Assert.Equal(3, _world.ReplicaSetOf(stable)?.Spec?.Replicas);
        Assert.DoesNotContain(_world.Checks.Statuses, s => s.BlueGreen?.ActiveSelector == preview);
        _world.ThenNoInvariantWasBroken();
    }
}
