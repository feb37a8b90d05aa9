using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.LeaderElection;
using Rollouts.Kubernetes.Tests.Support;
using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Testing;

namespace Rollouts.Kubernetes.Tests.Runtime.LeaderElection;

/// <summary>
/// One candidate on the default timings (lease 15 s, renew deadline 10 s, retry 2 s, no jitter) against
/// the server, its clock moved by the test; the test plays the other candidates by writing the lease.
/// </summary>
public class LeaderElectorTests : SandboxTest
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    private readonly ManualTimeProvider _clock = new();
    private readonly Timeline _timeline = new();
    private InterceptingHandler _network = null!;
    private KubernetesApiClient _electorClient = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _network = new InterceptingHandler(Rollouts.Testing.SandboxApi.TrustingHandler(Api.Server));
        _electorClient = NewClient(new KubernetesClientOptions { Handler = _network, Retry = new RetryPolicy { MaxRetries = 0 } });
    }

    public override async Task DisposeAsync()
    {
        _electorClient.Dispose();
        _network.Dispose();
        await base.DisposeAsync();
    }

    private IResourceClient<Lease> Leases => Client.Resource<Lease>();

    private static DateTimeOffset Start => ManualTimeProvider.DefaultStart;

    [Fact]
    public async Task A_candidate_creates_a_missing_lease_and_leads()
    {
        await using var me = Candidate();

        await SettleAsync(me);

        var lease = await ReadLeaseAsync();
        Assert.True(me.Elector.IsLeader);
        Assert.Equal(("me", 15, 0), (lease.HolderIdentity, lease.LeaseDurationSeconds, lease.LeaseTransitions));
        Assert.Equal((Start, Start), (lease.AcquireTime, lease.RenewTime));
        Assert.Equal(["me started 1"], _timeline.Entries);
        Assert.False(me.LastLeadingToken.IsCancellationRequested);
        Assert.Equal(me.LastLeadingToken, me.Elector.LeadingToken);
        Assert.Equal("me", me.Elector.Leader);
    }

    [Fact]
    public async Task The_leader_renews_every_retry_period_and_keeps_its_acquire_time()
    {
        await using var me = Candidate();
        await SettleAsync(me);

        await AdvanceAsync(me, Retry * 3);

        var lease = await ReadLeaseAsync();
        Assert.Equal((Start, Start + (Retry * 3)), (lease.AcquireTime, lease.RenewTime));
        Assert.Equal(0, lease.LeaseTransitions);
        Assert.Equal(4, Api.Server.Requests.Count("create", "leases") + Api.Server.Requests.Count("update", "leases"));
    }

    [Fact]
    public async Task A_lease_held_by_another_is_taken_at_the_moment_it_stayed_unchanged_for_its_duration_on_the_candidates_own_clock()
    {
        await Leases.CreateAsync(HeldBy("other", renewed: new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), transitions: 3));
        await using var me = Candidate();
        await SettleAsync(me);
        Assert.Equal("other", me.Elector.Leader);

        await AdvanceAsync(me, TimeSpan.FromSeconds(14));
        _clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        await SettleAsync(me);
        var justBefore = me.Elector.IsLeader;
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.WaitUntilAsync(() => me.Elector.IsLeader, "the candidate to take the expired lease");

        var lease = await ReadLeaseAsync();
        Assert.False(justBefore);
        Assert.Equal(("me", 4), (lease.HolderIdentity, lease.LeaseTransitions));
        Assert.Equal((Start.AddSeconds(15), Start.AddSeconds(15)), (lease.AcquireTime, lease.RenewTime));
    }

    [Fact]
    public async Task A_renew_seen_on_the_watch_starts_the_wait_again_from_when_it_was_written()
    {
        await Leases.CreateAsync(HeldBy("other", renewed: Start));
        await using var me = Candidate();
        await SettleAsync(me);
        await AdvanceAsync(me, TimeSpan.FromSeconds(7));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await SettleAsync(me);

        var held = await Leases.GetAsync("default", "operator");
        await Leases.ReplaceAsync(held with { Spec = held.Spec! with { RenewTime = Start.AddSeconds(8) } });
        await Eventually.WaitUntilAsync(() => me.Elector.ObservedRenewTime == Start.AddSeconds(8), "the candidate to see the renewal");
        await SettleAsync(me);
        await AdvanceAsync(me, TimeSpan.FromSeconds(15) - TimeSpan.FromMilliseconds(1));
        var justBefore = me.Elector.IsLeader;
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.WaitUntilAsync(() => me.Elector.IsLeader, "the candidate to take the expired lease");

        Assert.False(justBefore);
        Assert.Equal(Start.AddSeconds(23), (await ReadLeaseAsync()).AcquireTime);
    }

    [Fact]
    public async Task A_release_seen_on_the_watch_is_taken_at_once_without_waiting_for_the_next_read()
    {
        await Leases.CreateAsync(HeldBy("other", renewed: Start));
        await using var me = Candidate();
        await SettleAsync(me);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await SettleAsync(me);

        var held = await Leases.GetAsync("default", "operator");
        await Leases.ReplaceAsync(held with { Spec = held.Spec! with { HolderIdentity = null, RenewTime = Start.AddSeconds(1) } });
        await Eventually.WaitUntilAsync(() => me.Elector.IsLeader, "the candidate to take the released lease");

        var lease = await ReadLeaseAsync();
        Assert.Equal(Start.AddSeconds(1), _clock.GetUtcNow());
        Assert.Equal(("me", Start.AddSeconds(1), 1), (lease.HolderIdentity, lease.AcquireTime, lease.LeaseTransitions));
    }

    [Fact]
    public async Task A_released_lease_is_taken_at_once_and_counts_a_transition()
    {
        await Leases.CreateAsync(HeldBy(null, renewed: Start, transitions: 2));

        await using var me = Candidate();
        await SettleAsync(me);

        var lease = await ReadLeaseAsync();
        Assert.True(me.Elector.IsLeader);
        Assert.Equal(("me", 3), (lease.HolderIdentity, lease.LeaseTransitions));
    }

    [Fact]
    public async Task The_leading_token_is_cancelled_the_moment_the_renew_deadline_passes_while_renewals_fail()
    {
        await using var me = Candidate();
        await SettleAsync(me);
        var token = me.Elector.LeadingToken;
        using var failing = Api.Server.Faults.Add(new FaultRule { Verb = "update", Resource = "leases", ErrorRate = 1, ErrorCode = 500 });

        await AdvanceAsync(me, TimeSpan.FromSeconds(8));
        _clock.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
        var leadingJustBefore = me.Elector.IsLeader && !token.IsCancellationRequested;
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(leadingJustBefore);
        Assert.True(token.IsCancellationRequested);
        Assert.False(me.Elector.IsLeader);
        Assert.True(me.Elector.LeadingToken.IsCancellationRequested);
        Assert.Equal(4, Api.Server.Requests.Count("update", "leases", 500));
        await Eventually.WaitUntilAsync(() => me.TimesStopped == 1, "StoppedLeading");
        Assert.Equal(["me started 1", "me token cancelled 1", "me stopped 1"], _timeline.Entries);
    }

    [Fact]
    public async Task The_leading_token_is_cancelled_at_the_renew_deadline_even_while_a_renew_hangs()
    {
        await using var me = Candidate();
        await SettleAsync(me);
        var token = me.Elector.LeadingToken;
        _network.HangWhen(InterceptingHandler.Resource("leases"));

        _clock.Advance(Retry);
        await Eventually.WaitUntilAsync(() => _network.Hanging == 1, "the renew to hang");
        _clock.Advance(TimeSpan.FromSeconds(8) - TimeSpan.FromMilliseconds(1));
        var leadingJustBefore = me.Elector.IsLeader;
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(leadingJustBefore);
        Assert.True(token.IsCancellationRequested);
        Assert.False(me.Elector.IsLeader);
        await Eventually.WaitUntilAsync(() => me.TimesStopped == 1, "StoppedLeading");
        Assert.Equal("me", (await ReadLeaseAsync()).HolderIdentity);
    }

    [Fact]
    public async Task A_leader_that_finds_another_holder_in_the_lease_stops_at_once()
    {
        await using var me = Candidate();
        await SettleAsync(me);
        var held = await Leases.GetAsync("default", "operator");
        await Leases.ReplaceAsync(held with { Spec = held.Spec! with { HolderIdentity = "intruder", RenewTime = Start } });

        _clock.Advance(Retry);
        await Eventually.WaitUntilAsync(() => me.TimesStopped == 1, "StoppedLeading");

        Assert.Equal(Start + Retry, _clock.GetUtcNow());
        Assert.True(me.LastLeadingToken.IsCancellationRequested);
        Assert.Equal("intruder", me.Elector.Leader);
        Assert.Equal("intruder", (await ReadLeaseAsync()).HolderIdentity);
    }

    [Fact]
    public async Task A_conflict_from_a_write_that_kept_the_holder_is_read_again_and_renewed()
    {
        await using var me = Candidate();
        await SettleAsync(me);
        await Leases.PatchAsync("default", "operator", Patch.Merge("""{"metadata":{"labels":{"touched":"yes"}}}"""));

        await AdvanceAsync(me, Retry);

        var lease = await Leases.GetAsync("default", "operator");
        Assert.True(me.Elector.IsLeader);
        Assert.Equal(0, me.TimesStopped);
        Assert.Equal(1, Api.Server.Requests.Count("update", "leases", 409));
        Assert.Equal(Start + Retry, lease.Spec!.RenewTime);
        Assert.Equal("yes", lease.Metadata.Labels!["touched"]);
    }

    [Fact]
    public async Task Shutdown_cancels_the_leading_token_then_clears_the_holder()
    {
        await using var me = Candidate();
        await SettleAsync(me);
        var token = me.Elector.LeadingToken;

        await me.StopAsync();

        var lease = await ReadLeaseAsync();
        Assert.True(token.IsCancellationRequested);
        Assert.False(me.Elector.IsLeader);
        Assert.Null(lease.HolderIdentity);
        Assert.Equal(0, lease.LeaseTransitions);
        Assert.Equal(["me started 1", "me token cancelled 1", "me stopped 1"], _timeline.Entries);
    }

    public static TheoryData<LeaderElectionOptions, string> UnworkableOptions => new()
    {
        { Options() with { LeaseDuration = TimeSpan.FromSeconds(10) }, "LeaseDuration" },
        { Options() with { RenewDeadline = TimeSpan.FromSeconds(2) }, "RenewDeadline" },
        { Options() with { RetryPeriod = TimeSpan.Zero }, "RetryPeriod" },
        { Options() with { Identity = " " }, "Identity" },
        { Options() with { LeaseName = "" }, "LeaseName" },
        { Options() with { JitterFactor = -1 }, "JitterFactor" },
    };

    [Theory]
    [MemberData(nameof(UnworkableOptions))]
    public void Options_that_cannot_work_are_refused_naming_the_field(LeaderElectionOptions options, string field)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new LeaderElector(Leases, options));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    private static LeaderElectionOptions Options() => new() { Namespace = "default", LeaseName = "operator", Identity = "me", JitterFactor = 0 };

    private RunningElector Candidate() => new(new LeaderElector(_electorClient.Resource<Lease>(), Options(), _clock), _timeline);

    /// <summary>
    /// Waits until the elector waits for its clock: a candidate on its retry timer, a leader on its
    /// retry timer and its renew deadline.
    /// </summary>
    private Task SettleAsync(RunningElector elector) =>
        Eventually.WaitUntilAsync(() => _clock.ArmedTimerCount == (elector.Elector.IsLeader ? 2 : 1), "the elector to wait for its clock");

    /// <summary>Moves the clock a retry period at a time (less for a remainder), letting the elector settle after each.</summary>
    private async Task AdvanceAsync(RunningElector elector, TimeSpan by)
    {
        while (by > TimeSpan.Zero)
        {
            var step = by < Retry ? by : Retry;
            _clock.Advance(step);
            by -= step;
            await SettleAsync(elector);
        }
    }

    private async Task<LeaseSpec> ReadLeaseAsync() => (await Leases.GetAsync("default", "operator")).Spec!;

    private static Lease HeldBy(string? holder, DateTimeOffset renewed, int transitions = 0) => new()
    {
        Metadata = new ObjectMeta { Name = "operator", Namespace = "default" },
        Spec = new LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = 15, AcquireTime = renewed, RenewTime = renewed, LeaseTransitions = transitions },
    };
}
