using System.Text.Json.Nodes;
using Rollouts.Api.Rollouts;
using Rollouts.Sandbox.ApiServer.Storage;
using Rollouts.Testing;
using Xunit.Abstractions;

namespace Rollouts.Operator.Tests.Reliability;

/// <summary>
/// Two operator processes compete for the Lease; the leader is killed (SIGKILL, so it never releases the Lease) in
/// the middle of an update. The other takes over once the Lease expired by its own clock: a standby counts the lease
/// duration from when it saw the last renewal and looks every retry period (2 s plus up to 120% jitter), so within
/// the lease duration plus two such periods of the dead leader's last renewal (and 3 s for a loaded machine). The
/// updates finish, and the server's request log — each replica names its Lease identity in its User-Agent — shows
/// no write from a replica while the Lease was held by another or by no one.
/// </summary>
[Trait("Category", "Faults")]
public sealed class LeaderFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan SlowestRetry = TimeSpan.FromSeconds(2 * 2.2);

    [Fact]
    public async Task The_standby_takes_over_within_the_lease_and_no_replica_writes_without_holding_it()
    {
        var failovers = FaultSuite.Pick(ci: 1, full: 3);
        await using var world = await FleetWorld.StartAsync(FaultSuite.Seed);
        world.Server.RequestLog.Enabled = true;
        using var leases = new LeaseHistory(world.Server.Store.Subscribe("leases.coordination.k8s.io"));
        string[] names = ["l0", "l1"];
        await world.ApplyRolloutsAsync("l", names.Length);

        var replicas = new Dictionary<string, OperatorProcess>();
        async Task StartReplicaAsync(string identity) =>
            replicas[identity] = await world.StartOperatorAsync("--leader-elect", "--lease-namespace", "default", "--identity", identity);

        await StartReplicaAsync("replica-0");
        await Eventually.WaitUntilAsync(() => leases.Holder == "replica-0", "replica-0 to lead", TimeSpan.FromSeconds(60));
        await StartReplicaAsync("replica-1");
        await Eventually.WaitUntilAsync(() => names.All(n => world.Rollout(n)?.Status is { Phase: RolloutPhase.Healthy, StableRS: not null }),
            "every Rollout to be Healthy on app:0", TimeSpan.FromSeconds(60));

        for (var failover = 1; failover <= failovers; failover++)
        {
            var stable = names.ToDictionary(n => n, n => world.Rollout(n)!.Status!.StableRS);
            foreach (var name in names)
            {
                await world.UpdateAsync(name, $"app:{failover}", "pass");
            }

            // Mid-update: the first Rollout has started its steps.
            await Eventually.WaitUntilAsync(() => world.Rollout(names[0])?.Status is { CurrentStepIndex: >= 1 } s && s.CurrentPodHash != stable[names[0]],
                "the update to be under way", TimeSpan.FromSeconds(60));
            var leader = leases.Holder!;
            var lastRenew = leases.LastRenewedAt(leader);
            await replicas[leader].KillAsync();
            var standby = $"replica-{failover + 1}";
            await StartReplicaAsync(standby);

            await Eventually.WaitUntilAsync(() => leases.Holder is { } h && h != leader, "another replica to take the Lease", LeaseDuration * 3);
            var takeover = TimeProvider.System.GetElapsedTime(lastRenew);
            output.WriteLine($"failover {failover}: {leader} killed, {leases.Holder} took the Lease {takeover.TotalSeconds:0.0} s after the last renewal");
            Assert.True(takeover <= LeaseDuration + (2 * SlowestRetry) + TimeSpan.FromSeconds(3),
                $"{leases.Holder} took the Lease {takeover.TotalSeconds:0.0} s after {leader}'s last renewal (lease {LeaseDuration.TotalSeconds} s)");

            await Eventually.WaitUntilAsync(() => names.All(n => world.IsPromoted(n, stable[n])), "every update to finish under the new leader",
                TimeSpan.FromSeconds(90));
        }

        var writes = world.Server.RequestLog.Snapshot().Where(r => r.IsWrite && r.Resource != "leases" && r.UserAgent?.StartsWith("rollouts-operator/", StringComparison.Ordinal) == true).ToList();
        var strays = writes.Where(w => !leases.HeldThroughout(IdentityOf(w.UserAgent!), w.ResourceVersionBefore, w.ResourceVersionAfter)).ToList();
        output.WriteLine($"{writes.Count} writes by the replicas, {leases.Changes} Lease changes; writes by each: " +
                         string.Join(", ", writes.GroupBy(w => IdentityOf(w.UserAgent!)).Select(g => $"{g.Key} {g.Count()}")));
        Assert.True(strays.Count == 0, "writes from a replica not holding the Lease:\n" +
            string.Join("\n", strays.Take(20).Select(w => $"{w.Verb} {w.Resource} {w.Name} by {IdentityOf(w.UserAgent!)} at rv {w.ResourceVersionBefore}..{w.ResourceVersionAfter}, holder {leases.HolderAt(w.ResourceVersionBefore)}")));
        Assert.Contains(writes, w => IdentityOf(w.UserAgent!) != "replica-0");
        await world.Invariants.ThenNoneBrokenAsync(world.Server);
    }

    private static string IdentityOf(string userAgent) =>
        userAgent[(userAgent.IndexOf('(', StringComparison.Ordinal) + 1)..userAgent.LastIndexOf(')')];

    /// <summary>Every version of the Lease as the store committed it: holder by resourceVersion, and when each renewal arrived.</summary>
    private sealed class LeaseHistory : IDisposable
    {
        private readonly StoreSubscription _subscription;
        private readonly Lock _gate = new();
        private readonly List<(long Version, string? Holder)> _versions = [];
        private readonly Dictionary<string, long> _renewed = [];
        private readonly CancellationTokenSource _stopping = new();

        public LeaseHistory(StoreSubscription subscription)
        {
            _subscription = subscription;
            _ = Task.Run(async () =>
            {
                try
                {
                    await ReadAsync();
                }
                catch (OperationCanceledException)
                {
                }
            });
        }

        private async Task ReadAsync()
        {
            {
                while (await _subscription.ReadAsync(_stopping.Token) is { } change)
                {
                    var holder = change.Type == StoreEventType.Deleted ? null : JsonNode.Parse(change.Object.Json)?["spec"]?["holderIdentity"]?.GetValue<string>();
                    lock (_gate)
                    {
                        _versions.Add((change.ResourceVersion, string.IsNullOrEmpty(holder) ? null : holder));
                        if (holder is not null)
                        {
                            _renewed[holder] = TimeProvider.System.GetTimestamp();
                        }
                    }
                }
            }
        }

        public int Changes
        {
            get
            {
                lock (_gate)
                {
                    return _versions.Count;
                }
            }
        }

        public string? Holder
        {
            get
            {
                lock (_gate)
                {
                    return _versions.Count == 0 ? null : _versions[^1].Holder;
                }
            }
        }

        /// <summary>When the last version of the Lease naming <paramref name="holder"/> was committed (a timestamp).</summary>
        public long LastRenewedAt(string holder)
        {
            lock (_gate)
            {
                return _renewed[holder];
            }
        }

        public string? HolderAt(long version)
        {
            lock (_gate)
            {
                return _versions.LastOrDefault(v => v.Version <= version).Holder;
            }
        }

        /// <summary>The Lease named <paramref name="holder"/> at <paramref name="from"/> and at every version up to <paramref name="to"/>.</summary>
        public bool HeldThroughout(string holder, long from, long to)
        {
            lock (_gate)
            {
                return _versions.LastOrDefault(v => v.Version <= from).Holder == holder &&
                       _versions.Where(v => v.Version > from && v.Version <= to).All(v => v.Holder == holder);
            }
        }

        public void Dispose()
        {
            _stopping.Cancel();
            _subscription.Dispose();
            _stopping.Dispose();
        }
    }
}
