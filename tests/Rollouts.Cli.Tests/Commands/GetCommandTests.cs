using System.Diagnostics;
using Rollouts.Cli.Tests.Support;

namespace Rollouts.Cli.Tests.Commands;

/// <summary>kubectl rollouts get rollout, list rollouts and the errors a user meets, through the real kubectl.</summary>
public sealed class GetCommandTests
{
    [Fact]
    public async Task Get_shows_the_revisions_and_list_shows_one_line_per_rollout()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("get");
        (await scene.RolloutsAsync("set", "image", "web", "web=web:1.1")).EnsureSuccess();
        await scene.WaitPausedAtAsync(3);

        var get = await scene.RolloutsAsync("get", "rollout", "web");
        var list = await scene.RolloutsAsync("list", "rollouts");
        var json = await scene.RolloutsAsync("get", "rollout", "web", "-o", "json");

        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Contains("Status:       Paused", get.Stdout, StringComparison.Ordinal);
        Assert.Contains("  >  4. pause (until promoted)", get.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"- revision 2\n  - web-\w+ \(ReplicaSet\)  canary  3/3 ready, 3 available  web:1\.1", get.Stdout);
        Assert.Matches(@"- revision 1\n  - web-\w+ \(ReplicaSet\)  stable  5/5 ready, 5 available  web:1\.0", get.Stdout);
        Assert.DoesNotContain("\u001b[", get.Stdout, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches(@"NAME\s+STRATEGY\s+STATUS\s+STEP\s+WEIGHT\s+IMAGES\nweb\s+Canary\s+Paused\s+4/4\s+50\s+web:1\.1\n", list.Stdout);
        Assert.Contains("\"kind\": \"Rollout\"", json.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_watch_prints_the_tree_again_when_the_rollout_changes()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("get-watch");
        var sandbox = await SharedSandbox.GetAsync();
        var start = new ProcessStartInfo(Path.Combine(await PublishedPlugin.DirectoryAsync(), "kubectl-rollouts"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "get", "rollout", "web", "-w", "-n", scene.Namespace, "--kubeconfig", sandbox.KubeconfigPath })
        {
            start.ArgumentList.Add(arg);
        }

        using var watch = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var lines = Task.Run(async () =>
        {
            while (await watch.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (output)
                {
                    output.Append(line).Append('\n');
                }
            }
        });
        try
        {
            string Text()
            {
                lock (output)
                {
                    return output.ToString();
                }
            }

            await Rollouts.Testing.Eventually.WaitUntilAsync(() => Text().Contains("Status:       Healthy", StringComparison.Ordinal), "the first tree");
            (await scene.RolloutsAsync("pause", "web")).EnsureSuccess();
            await Rollouts.Testing.Eventually.WaitUntilAsync(() => Text().Contains("spec.paused is true", StringComparison.Ordinal), "a tree drawn after the pause");
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await watch.WaitForExitAsync();
            await lines;
        }
    }

    [Fact]
    public async Task Errors_go_to_stderr_with_a_non_zero_exit()
    {
        using var scene = await RolloutScene.GivenHealthySampleAsync("errors");
        var sandbox = await SharedSandbox.GetAsync();

        var missing = await scene.RolloutsAsync("get", "rollout", "nope");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("error: not found: rollouts.rollouts.dev \"nope\" not found", missing.Stderr, StringComparison.Ordinal);
        Assert.Empty(missing.Stdout);

        var directory = Directory.CreateTempSubdirectory("rollouts-cli-kubeconfig-").FullName;
        var kubeconfig = File.ReadAllText(sandbox.KubeconfigPath);
        var wrongToken = Path.Combine(directory, "wrong-token");
        File.WriteAllText(wrongToken, kubeconfig.Replace(sandbox.Server.Token, "not-the-token", StringComparison.Ordinal));
        var unauthorized = await new PluginRunner(await PublishedPlugin.DirectoryAsync(), wrongToken).RolloutsAsync("list", "rollouts");
        Assert.Equal(1, unauthorized.ExitCode);
        Assert.Contains("error: Unauthorized", unauthorized.Stderr, StringComparison.Ordinal);

        var closed = Path.Combine(directory, "closed");
        File.WriteAllText(closed, kubeconfig.Replace(sandbox.Server.Url.Authority, "127.0.0.1:1", StringComparison.Ordinal));
        var unreachable = await new PluginRunner(await PublishedPlugin.DirectoryAsync(), closed).RolloutsAsync("list", "rollouts");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("error: cannot reach the API server", unreachable.Stderr, StringComparison.Ordinal);
    }
}
