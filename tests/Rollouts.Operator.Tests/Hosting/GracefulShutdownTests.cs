using Rollouts.Api.Rollouts;
using Rollouts.Operator.Hosting;
using Rollouts.Operator.Tests.Support;
using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Hosting;

/// <summary>
/// A stopping operator finishes what it is doing: it takes no new work, lets the reconcile in flight complete (its write
/// lands and its answer is read), and only then releases its Lease (holderIdentity cleared), so that the next leader
/// starts from a world no half-done reconcile of the old one still changes.
/// </summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stop_lets_the_reconcile_in_flight_finish_its_write_and_then_releases_the_lease()
    {
        await using var world = await RolloutWorld.StartAsync(options: new OperatorOptions { LeaderElection = true, Identity = "draining" });
        await world.GivenTheSampleIsHealthyAsync();
        Assert.Equal("draining", world.State.Lease("rollouts-operator")?.Spec?.HolderIdentity);

        // Given the update's reconcile held in the middle of a write: the server takes 3 s to apply its Service patch.
        using var slow = world.Api.Server.Faults.Add(new FaultRule { Verb = "patch", Resource = "services", Latency = TimeSpan.FromSeconds(3), Times = 1 });
        var patches = ServicePatches(world);
        await world.SetImageAsync("web:1.1");
        await world.WaitUntilAsync(() => ServicePatches(world) > patches, "the Service patch to be sent");
        var canary = CanaryHash(world);
        Assert.NotEqual(canary, SelectorOf(world, "web-canary"));

        // When the operator is told to stop.
        var stopping = world.Operator.StopAsync();

        // Then it keeps the Lease while the write is in flight, the write lands and is answered, and the Lease goes after it.
        await world.WaitUntilAsync(() => SelectorOf(world, "web-canary") == canary || stopping.IsCompleted, "the Service patch to land");
        Assert.Equal(canary, SelectorOf(world, "web-canary"));
        await stopping;
        Assert.Equal(patches + 1, world.Operator.Writes.Log.Count(w => w == "PATCH services"));
        Assert.True(string.IsNullOrEmpty(world.State.Lease("rollouts-operator")?.Spec?.HolderIdentity),
            $"the Lease is still held by {world.State.Lease("rollouts-operator")?.Spec?.HolderIdentity}");
        world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task A_reconcile_that_outlasts_the_graceful_shutdown_timeout_is_cancelled_and_the_lease_released()
    {
        await using var world = await RolloutWorld.StartAsync(options: new OperatorOptions
        {
            LeaderElection = true,
            Identity = "impatient",
            GracefulShutdownTimeout = TimeSpan.FromMilliseconds(200),
        });
        await world.GivenTheSampleIsHealthyAsync();

        using var slow = world.Api.Server.Faults.Add(new FaultRule { Verb = "patch", Resource = "services", Latency = TimeSpan.FromSeconds(10), Times = 1 });
        var patches = ServicePatches(world);
        await world.SetImageAsync("web:1.1");
        await world.WaitUntilAsync(() => ServicePatches(world) > patches, "the Service patch to be sent");

        var started = TimeProvider.System.GetTimestamp();
        await world.Operator.StopAsync();

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(8), "the stop waited for the slow write past its timeout");
        Assert.Equal(patches, world.Operator.Writes.Log.Count(w => w == "PATCH services"));
        Assert.True(string.IsNullOrEmpty(world.State.Lease("rollouts-operator")?.Spec?.HolderIdentity));
    }

    private static int ServicePatches(RolloutWorld world) => world.Operator.Writes.Sent.Count(w => w == "PATCH services");

    /// <summary>The hash of the ReplicaSet of web:1.1, made before the Service patch.</summary>
    private static string? CanaryHash(RolloutWorld world) =>
        world.State.ReplicaSets().Single(rs => rs.Spec?.Template?.Spec?.Containers?[0].Image == "web:1.1").Metadata.Labels?[RolloutLabels.PodTemplateHash];

    private static string? SelectorOf(RolloutWorld world, string service) =>
        world.State.Service(service)?.Spec?.Selector?.GetValueOrDefault(RolloutLabels.PodTemplateHash);
}
