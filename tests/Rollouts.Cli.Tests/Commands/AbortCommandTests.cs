using Rollouts.Api.Rollouts;
using Rollouts.Cli.Steering;
using Rollouts.Cli.Tests.Support;
using Rollouts.Sandbox.ApiServer;

namespace Rollouts.Cli.Tests.Commands;

/// <summary>kubectl rollouts abort, retry rollout and status, through the real kubectl, against the sandbox and the operator.</summary>
public sealed class AbortCommandTests
{
    [Fact]
    public async Task Abort_sends_traffic_back_status_says_degraded_and_retry_starts_the_steps_over()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("abort");
        (await scene.RolloutsAsync("set", "image", "web", "web=web:1.1")).EnsureSuccess();
        await scene.WaitPausedAtAsync(3);

        var before = (await scene.PluginPatchesAsync()).Count;
        var aborted = await scene.RolloutsAsync("abort", "web");

        Assert.True(aborted.ExitCode == 0, aborted.ToString());
        SentPatches.SteeredThenRecorded([.. (await scene.PluginPatchesAsync()).Skip(before)],
            scene.RolloutPath + "/status", """{"status":{"abort":true}}""", scene.RolloutPath + "/status");
        await scene.WaitForAsync(r => r.Status is { Phase: RolloutPhase.Degraded, Abort: true } s && s.Canary?.Weights?.Canary?.Weight == 0,
            "the Rollout to be aborted with no traffic on the canary");
        Assert.Contains((await scene.RolloutAsync()).Status!.History!, d => d.Action == SteeringDecisions.AbortedAction && d.User == ApiServerOptions.DefaultUser);

        var status = await scene.RolloutsAsync("status", "web", "--watch", "--timeout", "20s");
        Assert.True(status.ExitCode == 1, status.ToString());
        Assert.StartsWith("Degraded", status.Stdout, StringComparison.Ordinal);

        var again = await scene.RolloutsAsync("abort", "web");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("rollout \"web\" is already aborted", again.Stderr, StringComparison.Ordinal);

        before = (await scene.PluginPatchesAsync()).Count;
        var retried = await scene.RolloutsAsync("retry", "rollout", "web");
        Assert.True(retried.ExitCode == 0, retried.ToString());
        SentPatches.SteeredThenRecorded([.. (await scene.PluginPatchesAsync()).Skip(before)],
            scene.RolloutPath + "/status", """{"status":{"abort":false}}""", scene.RolloutPath + "/status");
        await scene.WaitPausedAtAsync(3);
        Assert.Contains((await scene.RolloutAsync()).Status!.History!, d => d.Action == SteeringDecisions.RetriedAction);
    }

    [Fact]
    public async Task Retry_and_abort_refuse_when_they_do_not_apply()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("abort-refused");

        var abort = await scene.RolloutsAsync("abort", "web");
        var retry = await scene.RolloutsAsync("retry", "rollout", "web");

        Assert.Equal(1, abort.ExitCode);
        Assert.Contains("nothing to abort: rollout \"web\" has no update in progress", abort.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, retry.ExitCode);
        Assert.Contains("nothing to retry: rollout \"web\" is not aborted", retry.Stderr, StringComparison.Ordinal);
    }
}
