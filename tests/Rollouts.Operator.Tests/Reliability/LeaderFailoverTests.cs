using System.Text.Json.Nodes;
using Rollouts.Api.Rollouts;
using Rollouts.Sandbox.ApiServer.Storage;
using Rollouts.Sandbox.Processes;
using Rollouts.Testing;
using Xunit.Abstractions;

namespace Rollouts.Operator.Tests.Reliability;

/// <summary>
/// Two operator processes compete for the Lease; the leader is killed (SIGKILL, so it never releases the Lease) in
/// the middle of an update. The standby, which watches the Lease, takes it once it stayed unchanged for the lease
/// duration by the standby's own clock. The updates finish under the new leader, and the server's request log — each
/// replica names its Lease identity in its User-Agent — shows no write from a replica while the Lease was held by
/// another or by no one. How long the takeover took (from the kill, and from the dead leader's last renewal) and how
/// long after it the new leader wrote first is written to the test output, not asserted: docs/reliability.md keeps
/// the figures.
/// </summary>
[Trait("Category", "Faults")]
public sealed class LeaderFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

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
            var killedAt = TimeProvider.System.GetTimestamp();
            await replicas[leader].KillAsync();
            var standby = $"replica-{failover + 1}";
            await StartReplicaAsync(standby);

            await Eventually.WaitUntilAsync(() => leases.Holder is { } h && h != leader, "another replica to take the Lease", LeaseDuration * 3);
            var successor = leases.Holder!;
            var takenAt = leases.FirstHeldAt(successor);
            var logged = world.Server.RequestLog.Snapshot().Count;
            await Eventually.WaitUntilAsync(
                () => world.Server.RequestLog.Snapshot().Skip(logged).Any(r => r.IsWrite && r.Resource != "leases" && r.UserAgent?.Contains($"({successor})", StringComparison.Ordinal) == true),
                $"{successor} to write", TimeSpan.FromSeconds(60));
            var firstWrite = TimeProvider.System.GetElapsedTime(takenAt);
            output.WriteLine(
                $"failover {failover}: {leader} killed, {successor} took the Lease {Seconds(killedAt, takenAt)} s after the kill " +
                $"({Seconds(lastRenew, takenAt)} s after the last renewal; lease {LeaseDuration.TotalSeconds} s) and wrote first within {firstWrite.TotalSeconds:0.00} s of it");

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
        foreach (var known in world.Invariants.Tolerated)
        {
            output.WriteLine($"known open bug 1b (tolerated): {known}");
        }

        await world.Invariants.ThenNoneBrokenAsync(world.Server);
    }

    private static string Seconds(long from, long to) => ((to - from) / (double)TimeProvider.System.TimestampFrequency).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    private static string IdentityOf(string userAgent) =>
        userAgent[(userAgent.IndexOf('(', StringComparison.Ordinal) + 1)..userAgent.LastIndexOf(')')];

    /// <summary>Every version of the Lease as the store committed it: holder by resourceVersion, and when each renewal arrived.</summary>
    private sealed class LeaseHistory : IDisposable
    {
        private readonly StoreSubscription _subscription;
        private readonly Lock _gate = new();
        private readonly List<(long Version, string? Holder)> _versions = [];
        private readonly Dictionary<string, long> _renewed = [];
        private readonly Dictionary<string, long> _firstHeld = [];
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
                            var now = TimeProvider.System.GetTimestamp();
                            _renewed[holder] = now;
                            _firstHeld.TryAdd(holder, now);
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

        /// <summary>When the first version of the Lease naming <paramref name="holder"/> was committed (a timestamp).</summary>
        public long FirstHeldAt(string holder)
        {
            lock (_gate)
            {
                return _firstHeld[holder];
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
