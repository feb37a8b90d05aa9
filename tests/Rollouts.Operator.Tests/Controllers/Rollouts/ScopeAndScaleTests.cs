using Rollouts.Api.Rollouts;
using Rollouts.Operator.Hosting;
using Rollouts.Operator.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>An operator scoped to one namespace, and one operator driving many Rollouts at once.</summary>
public sealed class ScopeAndScaleTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_operator_scoped_to_a_namespace_rolls_out_there_and_leaves_other_namespaces_alone()
    {
        await using var world = await RolloutWorld.StartAsync(startOperator: false);
        (await world.Api.Kubectl.RunAsync("create", "namespace", "team-a")).EnsureSuccess();
        var sample = new CanarySample().Yaml();
        (await world.Api.Kubectl.RunWithInputAsync(sample, "apply", "-n", "team-a", "-f", "-")).EnsureSuccess();
        await world.ApplyAsync(sample);
        var teamA = new ServerState(world.Api.Server, "team-a");

        world.StartOperator(new OperatorOptions { Namespace = "team-a" });
        await Eventually.WaitUntilAsync(() => teamA.Rollout("web")?.Status is { Phase: RolloutPhase.Healthy, StableRS: not null },
            "the Rollout of team-a to be Healthy", Deadline);
        (await world.Api.Kubectl.RunAsync("patch", "rollout", "web", "-n", "team-a", "--type=json", "-p",
            """[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"web:1.1"}]""")).EnsureSuccess();
        await Eventually.WaitUntilAsync(
            () => teamA.Rollout("web")?.Status is { Phase: RolloutPhase.Paused, CurrentStepIndex: 3 } && teamA.IngressWeight(RolloutWorld.CanaryIngress) == 50,
            "the Rollout of team-a to pause at 50%", Deadline);

        var untouched = world.State.Rollout("web")!;
        Assert.Null(untouched.Status);
        Assert.Null(untouched.Metadata.Finalizers);
        Assert.Empty(world.State.ReplicaSets());
        Assert.Null(world.State.Ingress(RolloutWorld.CanaryIngress));
        Assert.False(world.State.Service("web-stable")!.Spec!.Selector!.ContainsKey(RolloutLabels.PodTemplateHash));
        Assert.DoesNotContain(world.State.Events(), e => e.InvolvedObject?.Name == "web");
        Assert.Equal(2, teamA.ReplicaSets().Count);
        world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task An_operator_given_two_namespaces_rolls_out_in_both_and_leaves_a_third_alone()
    {
        await using var world = await RolloutWorld.StartAsync(startOperator: false);
        var sample = new CanarySample().Yaml();
        foreach (var ns in new[] { "team-a", "team-b", "team-c" })
        {
            (await world.Api.Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
            (await world.Api.Kubectl.RunWithInputAsync(sample, "apply", "-n", ns, "-f", "-")).EnsureSuccess();
        }

        var watched = new[] { new ServerState(world.Api.Server, "team-a"), new ServerState(world.Api.Server, "team-b") };
        var ignored = new ServerState(world.Api.Server, "team-c");

        // As `--namespace team-a --namespace team-b` gives it.
        var (commandLine, _) = OperatorCommandLine.Parse(["--namespace", "team-a", "--namespace=team-b", "--leader-elect=false",
            "--metrics-bind-address=0", "--health-probe-bind-address=0"]);
        world.StartOperator(commandLine!.Options);
        await Eventually.WaitUntilAsync(() => watched.All(ns => ns.Rollout("web")?.Status is { Phase: RolloutPhase.Healthy, StableRS: not null }),
            "the Rollouts of team-a and team-b to be Healthy", Deadline);
        foreach (var ns in new[] { "team-a", "team-b" })
        {
            (await world.Api.Kubectl.RunAsync("patch", "rollout", "web", "-n", ns, "--type=json", "-p",
                """[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"web:1.1"}]""")).EnsureSuccess();
        }

        await Eventually.WaitUntilAsync(
            () => watched.All(ns => ns.Rollout("web")?.Status is { Phase: RolloutPhase.Paused, CurrentStepIndex: 3 } && ns.IngressWeight(RolloutWorld.CanaryIngress) == 50),
            "both Rollouts to pause at 50%", Deadline);

        var untouched = ignored.Rollout("web")!;
        Assert.Null(untouched.Status);
        Assert.Null(untouched.Metadata.Finalizers);
        Assert.Empty(ignored.ReplicaSets());
        Assert.Null(ignored.Ingress(RolloutWorld.CanaryIngress));
        Assert.All(watched, ns => Assert.Equal(2, ns.ReplicaSets().Count));
    }

    [Fact]
    public async Task Twenty_rollouts_progress_side_by_side_and_are_all_promoted()
    {
        await using var world = await RolloutWorld.StartAsync(startOperator: false);
        var names = Enumerable.Range(0, 20).Select(i => $"app{i:D2}").ToList();
        var sample = new CanarySample { Replicas = 2 }.Yaml();
        await world.ApplyAsync(string.Join("---\n", names.Select(n => Renamed(sample, n))));
        world.StartOperator();
        await Eventually.WaitUntilAsync(() => names.All(n => world.State.Rollout(n)?.Status is { Phase: RolloutPhase.Healthy, StableRS: not null }),
            "every Rollout to be Healthy", Deadline);
        var stables = names.ToDictionary(n => n, n => world.State.Rollout(n)!.Status!.StableRS);

        // One apply changes every image: all twenty updates start together and must all stand mid-canary at once.
        await world.ApplyAsync(string.Join("---\n", names.Select(n => Renamed(sample, n).Replace("image: web:1.0", "image: web:1.1", StringComparison.Ordinal))));
        await Eventually.WaitUntilAsync(
            () => names.All(n => world.State.Rollout(n)?.Status is { Phase: RolloutPhase.Paused, CurrentStepIndex: 3 } && world.State.IngressWeight($"{n}-{n}-canary") == 50),
            "every Rollout to pause at 50% together", Deadline);

        foreach (var name in names)
        {
            (await world.Api.Kubectl.RunAsync("patch", "rollout", name, "--subresource=status", "--type=merge", "-p", """{"status":{"pauseConditions":null}}""")).EnsureSuccess();
        }

        await Eventually.WaitUntilAsync(
            () => names.All(n => world.State.Rollout(n)?.Status is { Phase: RolloutPhase.Healthy } s && s.StableRS != stables[n] && world.State.Ingress($"{n}-{n}-canary") is null),
            "every Rollout to be promoted", Deadline);
        foreach (var name in names)
        {
            var status = world.State.Rollout(name)!.Status!;
            Assert.Equal(status.StableRS, world.State.Service($"{name}-stable")?.Spec?.Selector?[RolloutLabels.PodTemplateHash]);
        }

        Assert.True(world.Checks.Plans > names.Count * 4, $"{world.Checks.Plans} plans checked");
        world.ThenNoInvariantWasBroken();
    }

    /// <summary>The sample's Services, Ingress and Rollout under names of their own.</summary>
    private static string Renamed(string sample, string name) => sample
        .Replace("web-stable", $"{name}-stable", StringComparison.Ordinal)
        .Replace("web-canary", $"{name}-canary", StringComparison.Ordinal)
        .Replace("  name: web\n", $"  name: {name}\n", StringComparison.Ordinal)
        .Replace("app: web", $"app: {name}", StringComparison.Ordinal)
        .Replace("stableIngress: web}", $"stableIngress: {name}}}", StringComparison.Ordinal)
        .Replace("host: web.example.com", $"host: {name}.example.com", StringComparison.Ordinal);
}
