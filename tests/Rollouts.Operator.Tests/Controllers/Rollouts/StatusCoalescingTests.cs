using Rollouts.Api.Rollouts;
using Rollouts.Operator.Controllers.Rollouts;
using Rollouts.Operator.Hosting;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>
/// The status follows pod counts without one write per pod: a write whose only change is the counts waits
/// (--status-counts-delay) and goes out with the next write, a step, weight or phase change is written at once,
/// and the last counts land once the delay has passed.
/// </summary>
public sealed class StatusCoalescingTests
{
    /// <summary>The benchmark's Rollout: 4 replicas, setWeight 25, 50, 75 without pauses, old pods removed at promotion.</summary>
    private static string Yaml()
    {
        var text = new CanarySample { Replicas = 4, ScaleDownDelaySeconds = 0 }.Yaml();
        const string steps = "      - setWeight: 20\n      - pause: {duration: 1s}\n      - setWeight: 50\n      - pause: {}\n";
        Assert.Contains(steps, text, StringComparison.Ordinal);
        return text.Replace(steps, "      - setWeight: 25\n      - setWeight: 50\n      - setWeight: 75\n", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step_and_weight_changes_are_written_at_once_while_count_changes_wait_for_them()
    {
        // Given a delay no count-only write reaches during the test
        await using var world = await RolloutWorld.StartAsync(options: new OperatorOptions { StatusCountsDelay = TimeSpan.FromHours(1) });
        await world.ApplyAsync(Yaml());
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");
        var stable = world.Status.StableRS;
        var from = world.Checks.Statuses.Count;

        // When
        await world.SetImageAsync("web:1.1");

        // Then every step is taken and the canary promoted, on status writes that each carry more than counts
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is { } now && now != stable && s.CurrentPodHash == now,
            "the canary to be promoted");
        // From the last status before the update (a write of the steady state may still land after "Healthy" was seen).
        var statuses = world.Checks.Statuses;
        var begun = Enumerable.Range(from, statuses.Count - from).First(i => statuses[i].CurrentPodHash != stable);
        var written = statuses.Skip(begun - 1).ToList();
        Assert.Equal([25, 50, 75], written.Select(s => s.Canary?.Weights?.Canary?.Weight ?? 0).Where(w => w is > 0 and < 100).Distinct());
        Assert.Equal([0, 1, 2, 3], written.Skip(1).Select(s => s.CurrentStepIndex ?? -1).Distinct());
        for (var i = 1; i < written.Count; i++)
        {
            Assert.False(StatusCoalescer.CountsOnly(written[i - 1], written[i]),
                $"status write {i} after the update began changed only counts: replicas {written[i].Replicas}, ready {written[i].ReadyReplicas}");
        }

        // Each step's scale-up and pods were told in the writes that moved the step: at most two status writes a step
        // (the step, then its weight), and three around the promotion.
        Assert.True(written.Count - 1 <= 2 * 3 + 3, $"{written.Count - 1} status writes for 3 steps and a promotion");
        world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task The_last_pod_counts_land_once_the_delay_has_passed()
    {
        // Given
        await using var world = await RolloutWorld.StartAsync(options: new OperatorOptions { StatusCountsDelay = TimeSpan.FromSeconds(1) });
        await world.ApplyAsync(Yaml());
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");
        var stable = world.Status.StableRS;

        // When the canary is promoted, and the old version's four pods then go away with nothing else changing
        await world.SetImageAsync("web:1.1");
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is { } now && now != stable, "the canary to be promoted");

        // Then the status comes to show the four pods left, in a write that changed nothing but counts
        await world.WaitForAsync(s => (s.Replicas, s.UpdatedReplicas, s.ReadyReplicas, s.AvailableReplicas) == (4, 4, 4, 4),
            "the status to count the 4 pods of the promoted version");
        var written = world.Checks.Statuses;
        Assert.True(StatusCoalescer.CountsOnly(written[^2], written[^1]), "the last write changed more than counts");
        Assert.Equal(RolloutPhase.Healthy, written[^1].Phase);
        world.ThenNoInvariantWasBroken();
    }
}
