using Rollouts.Cli.Tests.Support;

namespace Rollouts.Cli.Tests.Commands;

/// <summary>kubectl rollouts status: exit 0 when Healthy, 2 when neither Healthy nor Degraded in time (1 for Degraded is in AbortCommandTests).</summary>
public sealed class StatusCommandTests
{
    [Fact]
    public async Task Status_exits_0_when_healthy_and_2_when_the_timeout_passes_at_a_pause()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("status", firstPause: null);

        var healthy = await scene.RolloutsAsync("status", "web");
        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        Assert.StartsWith("Healthy", healthy.Stdout, StringComparison.Ordinal);

        (await scene.RolloutsAsync("set", "image", "web", "web=web:1.1")).EnsureSuccess();
        await scene.WaitPausedAtAsync(1);
        var waiting = await scene.RolloutsAsync("status", "web", "--timeout", "1s");

        Assert.True(waiting.ExitCode == 2, waiting.ToString());
        Assert.StartsWith("Paused", waiting.Stdout, StringComparison.Ordinal);
        Assert.Contains("timed out after 1s waiting for rollout \"web\"", waiting.Stderr, StringComparison.Ordinal);

        // status --watch returns 0 once a promotion makes the Rollout Healthy.
        (await scene.RolloutsAsync("promote", "web", "--full")).EnsureSuccess();
        var promoted = await scene.RolloutsAsync("status", "web", "--watch", "--timeout", "30s");
        Assert.True(promoted.ExitCode == 0, promoted.ToString());
        Assert.StartsWith("Healthy", promoted.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
    }
}
