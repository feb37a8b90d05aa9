using Rollouts.Kubernetes.Runtime;
using Rollouts.Testing;
using static Rollouts.Kubernetes.Tests.Runtime.WorkQueueTests;

namespace Rollouts.Kubernetes.Tests.Runtime;

public class WorkQueueRateLimitTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    public static TheoryData<int, int> DefaultBackoff => new()
    {
        // n-th consecutive failure of a key, milliseconds it waits
        { 1, 5 },
        { 2, 10 },
        { 3, 20 },
        { 4, 40 },
        { 5, 80 },
        { 8, 640 },
        { 11, 5_120 },
        { 12, 10_000 },
        { 13, 10_000 },
        { 30, 10_000 },
    };

    [Theory]
    [MemberData(nameof(DefaultBackoff))]
    public void A_failing_key_waits_5_ms_then_twice_as_long_each_time_up_to_10_s(int failure, int expectedMilliseconds)
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock);

        for (var earlier = 1; earlier < failure; earlier++)
        {
            Fail(queue, clock);
        }

        FailAndExpectReadyAfter(queue, clock, TimeSpan.FromMilliseconds(expectedMilliseconds));
        Assert.Equal(failure, queue.NumRequeues("web"));
    }

    [Fact]
    public void The_backoff_base_and_cap_are_configurable()
    {
        var clock = new ManualTimeProvider();
        var options = new WorkQueueOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(500) };
        using var queue = NewQueue(clock: clock, options: options);

        foreach (var milliseconds in new[] { 100, 200, 400, 500, 500 })
        {
            FailAndExpectReadyAfter(queue, clock, TimeSpan.FromMilliseconds(milliseconds));
        }
    }

    [Fact]
    public void Forget_resets_a_keys_backoff_and_requeue_count()
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock);
        for (var i = 0; i < 4; i++)
        {
            Fail(queue, clock);
        }

        queue.Forget("web");

        Assert.Equal(0, queue.NumRequeues("web"));
        FailAndExpectReadyAfter(queue, clock, TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public void Each_key_has_its_own_backoff()
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock);
        for (var i = 0; i < 3; i++)
        {
            Fail(queue, clock);
        }

        queue.AddRateLimited("api");

        Assert.Equal(3, queue.NumRequeues("web"));
        Assert.Equal(1, queue.NumRequeues("api"));
        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal("api", Take(queue));
    }

    [Fact]
    public void Once_the_burst_is_spent_the_overall_rate_holds_retries_back_beyond_their_own_backoff()
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock, options: new WorkQueueOptions { Qps = 1, Burst = 2 });

        queue.AddRateLimited("a");
        queue.AddRateLimited("b");
        queue.AddRateLimited("c");
        queue.AddRateLimited("d");

        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(["a", "b"], [Take(queue), Take(queue)]);
        clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(5) - OneTick);
        Assert.Equal(0, queue.Length);
        clock.Advance(OneTick);
        Assert.Equal("c", Take(queue));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("d", Take(queue));
    }

    [Fact]
    public void The_default_burst_lets_100_first_retries_through_on_their_own_backoff()
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock);

        for (var i = 0; i < 101; i++)
        {
            queue.AddRateLimited($"key-{i}");
        }

        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(100, queue.Length);
        clock.Advance(TimeSpan.FromMilliseconds(95));
        Assert.Equal(101, queue.Length);
    }

    [Theory]
    [InlineData("BaseDelay")]
    [InlineData("MaxDelay")]
    [InlineData("Qps")]
    [InlineData("Burst")]
    public void Options_that_cannot_work_are_refused_naming_the_field(string field)
    {
        var options = field switch
        {
            "BaseDelay" => new WorkQueueOptions { BaseDelay = TimeSpan.Zero },
            "MaxDelay" => new WorkQueueOptions { MaxDelay = TimeSpan.FromMilliseconds(1) },
            "Qps" => new WorkQueueOptions { Qps = 0 },
            _ => new WorkQueueOptions { Burst = 0 },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => NewQueue(options: options));

        Assert.Equal(field, error.ParamName);
        Assert.Contains($"WorkQueueOptions.{field}", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Fails "web" once more and lets it become ready, however long that takes.</summary>
    private static void Fail(WorkQueue<string> queue, ManualTimeProvider clock)
    {
        queue.AddRateLimited("web");
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("web", Take(queue));
        queue.Done("web");
    }

    /// <summary>
    /// Fails "web" once more and checks it waits exactly <paramref name="expected"/>: not ready one
    /// tick before, ready at that time.
    /// </summary>
    private static void FailAndExpectReadyAfter(WorkQueue<string> queue, ManualTimeProvider clock, TimeSpan expected)
    {
        queue.AddRateLimited("web");

        clock.Advance(expected - OneTick);
        Assert.Equal(0, queue.Length);
        clock.Advance(OneTick);
        Assert.Equal("web", Take(queue));
        queue.Done("web");
    }
}
