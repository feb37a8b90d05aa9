using System.Text.Json.Nodes;
using Rollouts.Operator.Hosting;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Hosting;

/// <summary>
/// Two operator replicas with leader election: one leads and writes, the other stands by with warm caches and
/// takes over when the leader stops; a replica that loses its Lease stops writing at once.
/// </summary>
public sealed class OperatorHostTests : IAsyncLifetime
{
    private const string Lease = "/apis/coordination.k8s.io/v1/namespaces/default/leases/rollouts-operator";

    private static readonly OperatorOptions Elected = new()
    {
        LeaderElection = true,
        LeaseDuration = TimeSpan.FromSeconds(3),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(300),
    };

    private RolloutWorld _world = null!;

    public async Task InitializeAsync() => _world = await RolloutWorld.StartAsync(startOperator: false);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Only_the_leader_writes_and_a_standby_takes_over_when_it_stops()
    {
        var first = _world.StartOperator(Elected with { Identity = "first" });
        await _world.WaitUntilAsync(() => first.Host.IsLeading, "the first replica to lead");
        var second = _world.StartOperator(Elected with { Identity = "second" });
        await _world.GivenTheSampleIsHealthyAsync(new CanarySample { FirstPause = null });

        Assert.True(first.Writes.Count > 0);
        Assert.Equal(0, second.Writes.Count);
        Assert.False(second.Host.IsLeading);

        await first.StopAsync();
        await _world.WaitUntilAsync(() => second.Host.IsLeading, "the standby to take over");
        await _world.SetImageAsync("web:1.1");

        await _world.WaitPausedAtAsync(step: 1, weight: 20);
        Assert.True(second.Writes.Count > 0);
        Assert.Equal("second", (string?)(await _world.Api.GetAsync(Lease)).Body?["spec"]?["holderIdentity"]);
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task A_replica_that_loses_its_lease_stops_writing_until_it_leads_again()
    {
        var replica = _world.StartOperator(Elected with { Identity = "replica" });
        await _world.GivenTheSampleIsHealthyAsync(new CanarySample { FirstPause = null });

        await StealLeaseAsync();
        await _world.WaitUntilAsync(() => !replica.Host.IsLeading, "the replica to notice it lost the lease");
        var written = replica.Writes.Count;
        await _world.SetImageAsync("web:1.1");
        Assert.Equal(written, replica.Writes.Count);
        Assert.Equal(200, (await _world.Api.DeleteAsync(Lease)).Code);

        await _world.WaitPausedAtAsync(step: 1, weight: 20);
        Assert.True(replica.Host.IsLeading);
        _world.ThenNoInvariantWasBroken();
    }

    /// <summary>Another holder takes the Lease for an hour, as a replica whose clock or network misbehaves could.</summary>
    private async Task StealLeaseAsync()
    {
        var (code, lease) = await _world.Api.GetAsync(Lease);
        Assert.Equal(200, code);
        lease!["spec"]!["holderIdentity"] = "intruder";
        lease["spec"]!["leaseDurationSeconds"] = 3600;
        lease["spec"]!["renewTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var (replaced, _) = await _world.Api.PutAsync(Lease, lease);
        Assert.Equal(200, replaced);
    }
}
