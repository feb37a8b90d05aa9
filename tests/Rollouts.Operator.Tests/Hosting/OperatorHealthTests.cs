using Rollouts.Operator.Hosting;

namespace Rollouts.Operator.Tests.Hosting;

public sealed class OperatorHealthTests
{
    private readonly OperatorHealth _health = new();
    private readonly TaskCompletionSource _informers = new();
    private readonly TaskCompletionSource _election = new();
    private bool _rolloutsSynced;
    private bool _servicesSynced;

    public OperatorHealthTests()
    {
        _health.WatchLoop("informers", _informers.Task);
        _health.WatchLoop("leader election", _election.Task);
        _health.AddCache("rollouts", () => _rolloutsSynced);
        _health.AddCache("services", () => _servicesSynced);
    }

    [Fact]
    public void Not_ready_until_every_cache_synced_then_ready_while_standing_by()
    {
        var none = _health.Readiness();
        _rolloutsSynced = true;
        var one = _health.Readiness();
        _servicesSynced = true;

        Assert.Equal(ProbeStatus.Failing("caches not synced: rollouts, services"), none);
        Assert.Equal(ProbeStatus.Failing("caches not synced: services"), one);
        Assert.Equal(ProbeStatus.Ok, _health.Readiness());
        Assert.Equal(ProbeStatus.Ok, _health.Liveness());
    }

    [Fact]
    public void A_loop_that_fails_makes_the_process_dead_and_not_ready_with_its_name_and_error()
    {
        _rolloutsSynced = _servicesSynced = true;

        _election.SetException(new InvalidOperationException("lease API gone"));

        Assert.Equal(ProbeStatus.Failing("the leader election loop failed: lease API gone"), _health.Liveness());
        Assert.Equal(ProbeStatus.Failing("the leader election loop failed: lease API gone"), _health.Readiness());
    }

    [Fact]
    public void A_loop_that_returns_early_also_makes_the_process_dead()
    {
        _informers.SetResult();

        Assert.Equal(ProbeStatus.Failing("the informers loop ended"), _health.Liveness());
    }

    [Fact]
    public void While_stopping_loops_may_end_and_the_process_is_live_but_not_ready()
    {
        _rolloutsSynced = _servicesSynced = true;

        _health.Stopping();
        _informers.SetResult();

        Assert.Equal(ProbeStatus.Ok, _health.Liveness());
        Assert.Equal(ProbeStatus.Failing("shutting down"), _health.Readiness());
    }
}
