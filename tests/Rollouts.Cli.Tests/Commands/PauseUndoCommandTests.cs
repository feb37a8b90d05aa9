using Rollouts.Cli.Tests.Support;

namespace Rollouts.Cli.Tests.Commands;

/// <summary>kubectl rollouts pause, resume, restart and undo, through the real kubectl, against the sandbox and the operator.</summary>
public sealed class PauseUndoCommandTests
{
    [Fact]
    public async Task Pause_and_resume_set_and_clear_spec_paused_and_refuse_twice()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("pause");

        (await scene.RolloutsAsync("pause", "web")).EnsureSuccess();
        Assert.True((await scene.RolloutAsync()).Spec!.Paused);
        var pauses = await scene.PluginPatchesAsync();
        Assert.NotEmpty(pauses);
        Assert.All(pauses, p => Assert.Matches("""^\{"spec":\{"paused":true\},"metadata":\{"resourceVersion":"[^"]+"\}\}$""", p.Body));
        var twice = await scene.RolloutsAsync("pause", "web");
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains("already paused", twice.Stderr, StringComparison.Ordinal);
        await scene.WaitForAsync(r => r.Status?.Phase == "Paused", "the operator to report the Rollout Paused");

        (await scene.RolloutsAsync("resume", "web")).EnsureSuccess();
        Assert.False((await scene.RolloutAsync()).Spec!.Paused);
        var again = await scene.RolloutsAsync("resume", "web");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is not paused by spec.paused", again.Stderr, StringComparison.Ordinal);
        await scene.WaitHealthyOnAsync("web:1.0");

        var before = DateTimeOffset.UtcNow;
        (await scene.RolloutsAsync("restart", "web", "--in", "10m")).EnsureSuccess();
        var restartAt = (await scene.RolloutAsync()).Spec!.RestartAt;
        Assert.InRange(restartAt!.Value, before.AddMinutes(10).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(10).AddSeconds(1));
    }

    [Fact]
    public async Task Undo_goes_back_to_the_previous_revision_with_its_own_replica_set_and_refuses_a_missing_revision()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("undo", firstPause: null);
        var first = (await scene.RolloutAsync()).Status!.StableRS!;
        (await scene.RolloutsAsync("set", "image", "web", "web=web:1.1")).EnsureSuccess();
        await scene.WaitPausedAtAsync(1);
        (await scene.RolloutsAsync("promote", "web", "--full")).EnsureSuccess();
        await scene.WaitHealthyOnAsync("web:1.1");
        var replicaSets = await scene.ReplicaSetNamesAsync();
        Assert.Equal(2, replicaSets.Count);

        var missing = await scene.RolloutsAsync("undo", "web", "--to-revision", "7");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("revision 7 of rollout \"web\" does not exist; its revisions are 1 (web-", missing.Stderr, StringComparison.Ordinal);

        var undone = await scene.RolloutsAsync("undo", "web");
        Assert.True(undone.ExitCode == 0, undone.ToString());
        Assert.Contains($"rolled back to revision 1 (web-{first}, web:1.0)", undone.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be recovered", undone.Stdout, StringComparison.Ordinal);
        var restored = await scene.RolloutAsync();
        Assert.Equal("web:1.0", restored.Spec!.Template!.Spec!.Containers![0].Image);
        Assert.False(restored.Spec.Template.Spec.UnknownFields?.ContainsKey("restartPolicy") == true, "the server's default restartPolicy was written into the Rollout");

        // Revision 1 comes back on its own ReplicaSet: an update like any other (through the steps), but no new ReplicaSet.
        await scene.WaitPausedAtAsync(1);
        Assert.Equal(first, (await scene.RolloutAsync()).Status!.CurrentPodHash);
        (await scene.RolloutsAsync("promote", "web", "--full")).EnsureSuccess();
        await scene.WaitHealthyOnAsync("web:1.0");
        Assert.Equal(first, (await scene.RolloutAsync()).Status!.StableRS);
        Assert.Equal(replicaSets, await scene.ReplicaSetNamesAsync());
    }

    [Fact]
    public async Task Undo_during_an_update_goes_straight_back_to_the_stable_replica_set_without_steps()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("undo-stable", firstPause: null);
        var stable = (await scene.RolloutAsync()).Status!.StableRS!;
        (await scene.RolloutsAsync("set", "image", "web", "web=web:1.1")).EnsureSuccess();
        await scene.WaitPausedAtAsync(1);
        var replicaSets = await scene.ReplicaSetNamesAsync();

        var undone = await scene.RolloutsAsync("undo", "web");
        Assert.True(undone.ExitCode == 0, undone.ToString());
        Assert.Contains($"(web-{stable}, web:1.0)", undone.Stdout, StringComparison.Ordinal);

        // No promote: the template is the stable ReplicaSet's again, so the update is withdrawn at once.
        await scene.WaitHealthyOnAsync("web:1.0");
        var rollout = await scene.RolloutAsync();
        Assert.Equal(stable, rollout.Status!.StableRS);
        Assert.Equal(stable, rollout.Status.CurrentPodHash);
        Assert.Equal(replicaSets, await scene.ReplicaSetNamesAsync());
    }
}
