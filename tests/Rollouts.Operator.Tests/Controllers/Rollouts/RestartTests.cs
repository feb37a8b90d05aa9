using Rollouts.Api.Rollouts;
using Rollouts.Operator.Hosting;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>
/// Crash safety: an operator stopped at any point of a rollout (right after, or just before, its N-th write: after
/// creating the canary, between scaling it and moving traffic, between moving traffic and writing the status,
/// during a pause, mid-promotion, while scaling down) is continued by a new operator process to the same end, with
/// every traffic invariant holding throughout. All progress lives in the cluster, none in the process.
/// </summary>
public sealed class RestartTests
{
    /// <summary>
    /// The rollout of the sample (20 %, pause 1 s, 50 %, pause 1 s) takes about 23 operator writes (status writes
    /// that only follow pod counts are held back and merged): create the canary (1), its ingress (2), point the
    /// canary service (3), statuses, weight 20 (about 6), scale the canary (about 9), weight 50 (about 12), scale to
    /// full (about 15), weight 100 (about 18), promote: status, stable service, delete the canary ingress (about 19
    /// to 21), scale the old stable down (about 22).
    /// </summary>
    public static TheoryData<int, bool> StopPoints => new()
    {
        { 1, false }, { 2, false }, { 3, false }, { 5, false }, { 6, false }, { 8, false }, { 9, false }, { 12, false },
        { 15, false }, { 18, false }, { 20, false }, { 21, false }, { 22, false },
        { 2, true }, { 6, true }, { 9, true }, { 21, true },
    };

    [Theory]
    [MemberData(nameof(StopPoints))]
    public async Task An_operator_stopped_at_any_write_is_continued_by_a_new_one_to_the_same_end(int write, bool beforeSending)
    {
        // A kill, not a graceful stop: with no graceful shutdown time, nothing in flight goes on after the stop.
        var killed = new OperatorOptions { GracefulShutdownTimeout = TimeSpan.Zero };
        await using var world = await RolloutWorld.StartAsync(options: killed);
        await world.GivenTheSampleIsHealthyAsync(new CanarySample { FirstPause = "1s", LastPause = "1s" });
        var stable = world.Status.StableRS;
        var first = world.Operator;
        var written = first.Writes.Count;

        first.StopAtWrite(write, beforeSending);
        await world.SetImageAsync("web:1.1");
        await first.Running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(write, first.Writes.Count - written);
        world.StartOperator();

        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS != stable, "the new operator to promote the canary");
        await world.WaitUntilAsync(() => world.ReplicaSetOf(stable)?.Spec?.Replicas == 0, "the old stable to be scaled down");
        var status = world.Status;
        Assert.Equal(status.CurrentPodHash, status.StableRS);
        Assert.Equal(5, world.ReplicaSetOf(status.StableRS)?.Spec?.Replicas);
        Assert.Null(world.State.Ingress(RolloutWorld.CanaryIngress));
        Assert.Equal(status.StableRS, world.State.Service("web-stable")?.Spec?.Selector?[RolloutLabels.PodTemplateHash]);
        Assert.Equal(status.StableRS, world.State.Service("web-canary")?.Spec?.Selector?[RolloutLabels.PodTemplateHash]);
        Assert.Equal(2, world.State.ReplicaSets().Count);
        Assert.Contains(world.Checks.Statuses, s => s.Canary?.Weights?.Canary?.Weight == 50);
        world.ThenNoInvariantWasBroken();
    }
}
