using Rollouts.Api.Rollouts;
using Rollouts.Cli.Steering;
using Rollouts.Cli.Tests.Support;
using Rollouts.Sandbox.ApiServer;

namespace Rollouts.Cli.Tests.Commands;

/// <summary>kubectl rollouts set image, promote and promote --full, through the real kubectl, against the sandbox and the operator.</summary>
public sealed class PromoteCommandTests
{
    [Fact]
    public async Task Promote_moves_a_paused_rollout_on_and_records_who_did_it()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("promote");

        (await scene.RolloutsAsync("set", "image", "web", "web=web:1.1")).EnsureSuccess();
        await scene.WaitPausedAtAsync(3);
        var before = (await scene.PluginPatchesAsync()).Count;
        var promoted = await scene.RolloutsAsync("promote", "web");

        Assert.True(promoted.ExitCode == 0, promoted.ToString());
        Assert.Contains("promoted", promoted.Stdout, StringComparison.Ordinal);
        Assert.Equal("", promoted.Stderr);
        SentPatches.SteeredThenRecorded([.. (await scene.PluginPatchesAsync()).Skip(before)],
            scene.RolloutPath + "/status", """{"status":{"pauseConditions":null}}""", scene.RolloutPath + "/status");
        await scene.WaitHealthyOnAsync("web:1.1");
        var decision = Assert.Single((await scene.RolloutAsync()).Status!.History!, d => d.Action == SteeringDecisions.PromotedAction);
        Assert.Equal(ApiServerOptions.DefaultUser, decision.User);
        Assert.NotNull(decision.Time);
    }

    [Fact]
    public async Task Promote_refuses_when_nothing_is_paused()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("promote-refused");

        var refused = await scene.RolloutsAsync("promote", "web");

        Assert.Equal(1, refused.ExitCode);
        Assert.Empty(await scene.PluginPatchesAsync());
        Assert.Contains("nothing to promote: rollout \"web\" is not paused", refused.Stderr, StringComparison.Ordinal);
        Assert.Null((await scene.RolloutAsync()).Status!.History?.FirstOrDefault(d => d.Action == SteeringDecisions.PromotedAction));
    }

    [Fact]
    public async Task Promote_full_skips_the_remaining_steps()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("promote-full", firstPause: null);
        (await scene.RolloutsAsync("set", "image", "web", "web=web:1.1")).EnsureSuccess();
        await scene.WaitPausedAtAsync(1);

        var before = (await scene.PluginPatchesAsync()).Count;
        var promoted = await scene.RolloutsAsync("promote", "web", "--full");

        Assert.True(promoted.ExitCode == 0, promoted.ToString());
        SentPatches.SteeredThenRecorded([.. (await scene.PluginPatchesAsync()).Skip(before)],
            scene.RolloutPath + "/status", """{"status":{"promoteFull":true}}""", scene.RolloutPath + "/status");
        await scene.WaitHealthyOnAsync("web:1.1");
        var rollout = await scene.RolloutAsync();
        Assert.Contains(rollout.Status!.History!, d => d.Action == SteeringDecisions.PromotedFullAction && d.User == ApiServerOptions.DefaultUser);
        Assert.DoesNotContain(rollout.Status.History!, d => d.Action == "RolloutPaused" && d.Message?.Contains("step 4", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Set_image_refuses_a_container_the_template_does_not_have()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("set-image");

        var refused = await scene.RolloutsAsync("set", "image", "web", "api=api:2");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("rollout \"web\" has no container \"api\"; its containers are: web", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("web:1.0", (await scene.RolloutAsync()).Spec!.Template!.Spec!.Containers![0].Image);
    }
}
