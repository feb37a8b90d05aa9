using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.LeaderElection;
using Rollouts.Kubernetes.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Kubernetes.Tests.Runtime.LeaderElection;

/// <summary>
/// Two candidates on one server, on real time with short leases: the standby takes over when the
/// leader stops renewing or releases, and the old leader's token is cancelled before the new one starts.
/// </summary>
public class LeaderTakeoverTests : SandboxTest
{
    private readonly Timeline _timeline = new();
    private readonly List<IDisposable> _disposables = [];

    public override async Task DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        await base.DisposeAsync();
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("hang")]
    public async Task The_standby_takes_over_when_the_leader_stops_renewing_and_the_old_token_is_cancelled_first(string outage)
    {
        var shortLease = new LeaderElectionOptions
        {
            Namespace = "default",
            LeaseName = "operator",
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromMilliseconds(250),
        };
        var (first, firstNetwork) = Candidate(shortLease with { Identity = "a" });
        await using var a = first;
        await Eventually.WaitUntilAsync(() => a.Elector.IsLeader, "a to lead");
        var (second, _) = Candidate(shortLease with { Identity = "b" });
        await using var b = second;
        await Eventually.WaitUntilAsync(() => b.Elector.Leader == "a", "b to see a leading");

        if (outage == "fail")
        {
            firstNetwork.FailWhen(_ => true);
        }
        else
        {
            firstNetwork.HangWhen(_ => true);
        }

        await Eventually.WaitUntilAsync(() => b.Elector.IsLeader, "b to take over");

        var lease = (await Client.Resource<Lease>().GetAsync("default", "operator")).Spec!;
        Assert.False(a.Elector.IsLeader);
        Assert.Equal(("b", 1), (lease.HolderIdentity, lease.LeaseTransitions));
        var aCancelled = _timeline.IndexOf("a token cancelled 1");
        Assert.True(aCancelled >= 0 && aCancelled < _timeline.IndexOf("b started 1"), string.Join(", ", _timeline.Entries));
        Assert.Equal(1, a.TimesStarted);
    }

    [Fact]
    public async Task A_graceful_release_lets_the_standby_take_over_long_before_the_lease_would_expire()
    {
        var longLease = new LeaderElectionOptions
        {
            Namespace = "default",
            LeaseName = "operator",
            LeaseDuration = TimeSpan.FromSeconds(120),
            RenewDeadline = TimeSpan.FromSeconds(60),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        };
        var (first, _) = Candidate(longLease with { Identity = "a" });
        await using var a = first;
        await Eventually.WaitUntilAsync(() => a.Elector.IsLeader, "a to lead");
        var (second, _) = Candidate(longLease with { Identity = "b" });
        await using var b = second;
        await Eventually.WaitUntilAsync(() => b.Elector.Leader == "a", "b to see a leading");

        await a.StopAsync();
        await Eventually.WaitUntilAsync(() => b.Elector.IsLeader, "b to take over", TimeSpan.FromSeconds(20));

        var lease = (await Client.Resource<Lease>().GetAsync("default", "operator")).Spec!;
        Assert.Equal(("b", 1), (lease.HolderIdentity, lease.LeaseTransitions));
        Assert.Equal(["a started 1", "a token cancelled 1", "a stopped 1", "b started 1"], _timeline.Entries);
    }

    [Fact]
    public async Task Of_two_candidates_starting_together_exactly_one_leads()
    {
        var options = new LeaderElectionOptions
        {
            Namespace = "default",
            LeaseName = "operator",
            LeaseDuration = TimeSpan.FromSeconds(60),
            RenewDeadline = TimeSpan.FromSeconds(30),
            RetryPeriod = TimeSpan.FromMilliseconds(100),
        };

        var (first, _) = Candidate(options with { Identity = "a" });
        var (second, _) = Candidate(options with { Identity = "b" });
        await using var a = first;
        await using var b = second;
        await Eventually.WaitUntilAsync(() => a.Elector.Leader is not null && a.Elector.Leader == b.Elector.Leader, "both to see one leader");
        var leader = a.Elector.Leader!;
        await Eventually.WaitUntilAsync(
            () => Api.Server.Requests.Count("get", "leases") >= 6, "the standby to try several times");

        Assert.Equal(leader == "a", a.Elector.IsLeader);
        Assert.Equal(leader == "b", b.Elector.IsLeader);
        Assert.Equal([$"{leader} started 1"], _timeline.Entries);
    }

    private (RunningElector Elector, InterceptingHandler Network) Candidate(LeaderElectionOptions options)
    {
        var network = new InterceptingHandler(Rollouts.Testing.SandboxApi.TrustingHandler(Api.Server));
        var client = NewClient(new KubernetesClientOptions { Handler = network, Retry = new RetryPolicy { MaxRetries = 0 } });
        _disposables.Add(client);
        _disposables.Add(network);
        return (new RunningElector(new LeaderElector(client.Resource<Lease>(), options), _timeline), network);
    }
}
