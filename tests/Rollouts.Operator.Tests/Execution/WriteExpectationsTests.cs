using Rollouts.Kubernetes.Runtime;
using Rollouts.Operator.Execution;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Execution;

/// <summary>
/// A reconcile waits for the cache to show the operator's own last writes, so that it never plans from a state
/// older than what it wrote; it stops waiting at a deadline.
/// </summary>
public sealed class WriteExpectationsTests
{
    private static readonly ObjectKey Rollout = new("default", "web");
    private static readonly ObjectKey Ingress = new("default", "web-web-canary");
    private readonly ManualTimeProvider _time = new();
    private readonly WriteExpectations _expectations;
    private readonly Dictionary<ObjectKey, string> _cache = [];

    public WriteExpectationsTests() => _expectations = new WriteExpectations(_time, TimeSpan.FromSeconds(10));

    [Fact]
    public void Nothing_written_means_nothing_to_wait_for() => Assert.Null(_expectations.Unmet(Rollout));

    [Fact]
    public void A_changed_object_is_awaited_until_the_cache_shows_another_version()
    {
        Put("5");
        _expectations.ExpectChanged(Rollout, Cached, "5");

        Assert.Equal(TimeSpan.FromSeconds(10), _expectations.Unmet(Rollout));
        Put("9");
        Assert.Null(_expectations.Unmet(Rollout));
    }

    [Fact]
    public void A_write_the_server_found_changed_nothing_is_not_awaited()
    {
        Put("5");

        _expectations.ExpectChanged(Rollout, Cached, "5", writtenVersion: "5");

        Assert.Null(_expectations.Unmet(Rollout));
    }

    [Fact]
    public void A_created_object_is_awaited_until_the_cache_shows_it()
    {
        _expectations.ExpectPresent(Rollout, Cached);

        Assert.NotNull(_expectations.Unmet(Rollout));
        Put("3");
        Assert.Null(_expectations.Unmet(Rollout));
    }

    [Fact]
    public void A_deleted_object_is_awaited_until_the_cache_drops_it()
    {
        Put("5");
        _expectations.ExpectChanged(Rollout, Cached, "5");

        Assert.NotNull(_expectations.Unmet(Rollout));
        _cache.Remove(Ingress);
        Assert.Null(_expectations.Unmet(Rollout));
    }

    [Fact]
    public void The_wait_ends_at_the_deadline_even_if_the_cache_never_catches_up()
    {
        _expectations.ExpectPresent(Rollout, Cached);

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.FromSeconds(6), _expectations.Unmet(Rollout));
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Null(_expectations.Unmet(Rollout));
    }

    [Fact]
    public void Forgetting_a_Rollout_drops_its_expectations()
    {
        _expectations.ExpectPresent(Rollout, Cached);

        _expectations.Forget(Rollout);

        Assert.Null(_expectations.Unmet(Rollout));
    }

    /// <summary>The version the cache shows for the ingress; null when it has none.</summary>
    private string? Cached() => _cache.GetValueOrDefault(Ingress);

    private void Put(string version) => _cache[Ingress] = version;
}
