using Rollouts.Api.Rollouts;
using Rollouts.Operator.Controllers.Rollouts;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>
/// What the operator does when the world is not as it left it, or not as it should be: a canary ingress someone
/// deleted, pods that never become ready, a spec that cannot work, and a Rollout being deleted mid-canary.
/// </summary>
public sealed class WorldChangesTests : IAsyncLifetime
{
    private RolloutWorld _world = null!;

    public async Task InitializeAsync() => _world = await RolloutWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_deleted_canary_ingress_is_made_again_at_the_current_weight()
    {
        await _world.GivenTheSampleIsHealthyAsync(new CanarySample { FirstPause = null });
        await _world.SetImageAsync("web:1.1");
        await _world.WaitPausedAtAsync(step: 1, weight: 20);
        var deleted = _world.State.Ingress(RolloutWorld.CanaryIngress)!.Metadata.Uid;

        (await _world.Api.Kubectl.RunAsync("delete", "ingress", RolloutWorld.CanaryIngress)).EnsureSuccess();

        await _world.WaitUntilAsync(() => _world.State.Ingress(RolloutWorld.CanaryIngress) is { } ingress && ingress.Metadata.Uid != deleted,
            "the canary ingress to be made again");
        Assert.Equal(20, _world.IngressWeight);
        Assert.Equal(1, _world.Status.CurrentStepIndex);
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task Pods_that_never_become_ready_pass_the_progress_deadline_without_traffic()
    {
        await _world.GivenTheSampleIsHealthyAsync(new CanarySample { ProgressDeadlineSeconds = 2 });
        var stable = _world.Status.StableRS;

        await _world.SetImageAsync("web:1.1", new Dictionary<string, string> { ["sandbox.rollouts.dev/never-ready"] = "true" });

        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Degraded, "the progress deadline to pass");
        var progressing = _world.Status.Conditions?.Single(c => c.Type == RolloutConditionType.Progressing);
        Assert.Equal("False", progressing?.Status);
        Assert.Equal("ProgressDeadlineExceeded", progressing?.Reason);
        Assert.Contains("progress deadline exceeded", _world.Status.Message, StringComparison.Ordinal);
        Assert.Equal(0, _world.IngressWeight);
        Assert.Equal(stable, _world.Status.StableRS);
        Assert.Equal(5, _world.ReplicaSetOf(stable)?.Status?.AvailableReplicas);
        await _world.WaitUntilAsync(() => _world.State.Events().Any(e => e.Reason == "ProgressDeadlineExceeded" && e.Type == "Warning"),
            "the ProgressDeadlineExceeded warning event");
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task An_invalid_spec_is_reported_at_its_field_and_nothing_else_changes()
    {
        var yaml = new CanarySample().Yaml().Replace("    matchLabels: {app: web}", "    matchLabels: {app: api}", StringComparison.Ordinal);

        await _world.ApplyAsync(yaml);

        await _world.WaitForAsync(s => s.Conditions?.Any(c => c.Type == RolloutConditionType.InvalidSpec) == true, "the InvalidSpec condition");
        var condition = _world.Status.Conditions!.Single(c => c.Type == RolloutConditionType.InvalidSpec);
        Assert.Equal("True", condition.Status);
        Assert.Contains("spec.template.metadata.labels: the selector (app=api) does not select the template's labels (app=web)", condition.Message, StringComparison.Ordinal);
        Assert.Equal(RolloutPhase.Degraded, _world.Status.Phase);
        await _world.WaitUntilAsync(() => _world.State.Events().Any(e => e.Reason == "InvalidSpec" && e.Type == "Warning"), "the InvalidSpec warning event");
        Assert.Empty(_world.State.ReplicaSets());
        Assert.Null(_world.Rollout.Metadata.Finalizers);
        Assert.Null(_world.State.Service("web-stable")?.Spec?.Selector?.GetValueOrDefault(RolloutLabels.PodTemplateHash));

        await _world.PatchAsync("""{"spec":{"selector":{"matchLabels":{"app":"web"}}}}""");

        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy, "the corrected Rollout to become Healthy");
        Assert.DoesNotContain(_world.Status.Conditions!, c => c.Type == RolloutConditionType.InvalidSpec);
        Assert.Single(_world.State.ReplicaSets());
    }

    [Fact]
    public async Task A_deleted_Rollout_gives_all_traffic_back_to_stable_before_it_goes()
    {
        await _world.GivenTheSampleIsHealthyAsync(new CanarySample { FirstPause = null });
        Assert.Contains(RolloutFinalizer.Name, _world.Rollout.Metadata.Finalizers ?? []);
        await _world.SetImageAsync("web:1.1");
        await _world.WaitPausedAtAsync(step: 1, weight: 20);

        (await _world.Api.Kubectl.RunAsync("delete", "rollout", RolloutWorld.Name, "--wait=true", "--timeout=20s")).EnsureSuccess();

        Assert.Null(_world.State.Rollout(RolloutWorld.Name));
        Assert.Null(_world.State.Ingress(RolloutWorld.CanaryIngress));
        Assert.Equal(0, _world.Checks.IngressWeights[^1]);
        Assert.NotNull(_world.State.Ingress("web"));
    }
}
