using Rollouts.Api.Rollouts;
using Rollouts.Cli.Steering;
using Rollouts.Cli.Tests.Support;
using Rollouts.Sandbox.ApiServer;

namespace Rollouts.Cli.Tests.Commands;

/// <summary>
/// Writes the API server refuses with 403 Forbidden, through the real kubectl and the published plugin: the sandbox
/// behind <see cref="RefusingProxy"/>, which answers the chosen requests as RBAC would.
/// </summary>
public sealed class ForbiddenCommandTests
{
    [Fact]
    public async Task A_refused_steering_patch_names_the_verb_and_resource_and_fails_without_changing_the_rollout()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("forbidden", firstPause: null);
        (await scene.RolloutsAsync("set", "image", "web", "web=web:1.1")).EnsureSuccess();
        await scene.WaitPausedAtAsync(1);
        await using var proxy = await RefusingProxy.StartAsync((await SharedSandbox.GetAsync()).KubeconfigPath, ApiServerOptions.DefaultUser,
            r => r.Method == "PATCH" && r.Path.StartsWith(scene.RolloutPath, StringComparison.Ordinal));
        var plugin = new PluginRunner(await PublishedPlugin.DirectoryAsync(), proxy.Kubeconfig);

        var abort = await plugin.RolloutsAsync("abort", "web", "-n", scene.Namespace);
        var pause = await plugin.RolloutsAsync("pause", "web", "-n", scene.Namespace);

        Assert.Equal(1, abort.ExitCode);
        Assert.Equal("", abort.Stdout);
        Assert.Contains($"error: Forbidden: you may not patch rollouts.rollouts.dev/status \"web\" in namespace \"{scene.Namespace}\"", abort.Stderr, StringComparison.Ordinal);
        Assert.Contains("cannot patch resource \"rollouts/status\"", abort.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, pause.ExitCode);
        Assert.Contains($"error: Forbidden: you may not patch rollouts.rollouts.dev \"web\" in namespace \"{scene.Namespace}\"", pause.Stderr, StringComparison.Ordinal);
        var rollout = await scene.RolloutAsync();
        Assert.NotEqual(true, rollout.Status!.Abort);
        Assert.NotEqual(true, rollout.Spec!.Paused);
        Assert.Equal(RolloutPhase.Paused, rollout.Status.Phase);
    }

    [Fact]
    public async Task When_only_the_history_entry_is_refused_promote_succeeds_and_warns()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("history-refused", firstPause: null);
        (await scene.RolloutsAsync("set", "image", "web", "web=web:1.1")).EnsureSuccess();
        await scene.WaitPausedAtAsync(1);
        // The steering patch goes through; the status patch that appends to status.history is refused.
        await using var proxy = await RefusingProxy.StartAsync((await SharedSandbox.GetAsync()).KubeconfigPath, ApiServerOptions.DefaultUser,
            r => r.Method == "PATCH" && r.Path == scene.RolloutPath + "/status" && r.Body.Contains("\"history\"", StringComparison.Ordinal));
        var plugin = new PluginRunner(await PublishedPlugin.DirectoryAsync(), proxy.Kubeconfig);

        var promoted = await plugin.RolloutsAsync("promote", "web", "-n", scene.Namespace);

        Assert.True(promoted.ExitCode == 0, promoted.ToString());
        Assert.Contains("promoted", promoted.Stdout, StringComparison.Ordinal);
        Assert.StartsWith(
            $"warning: the command took effect, but its status.history entry ({SteeringDecisions.PromotedAction} by {ApiServerOptions.DefaultUser}) could not be written: "
            + $"Forbidden: you may not patch rollouts.rollouts.dev/status \"web\" in namespace \"{scene.Namespace}\"",
            promoted.Stderr, StringComparison.Ordinal);
        await scene.WaitForAsync(r => r.Status?.CurrentStepIndex > 1, "the operator to move past the promoted pause");
        Assert.DoesNotContain((await scene.RolloutAsync()).Status!.History ?? [], d => d.Action == SteeringDecisions.PromotedAction);
    }
}
