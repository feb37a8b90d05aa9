using Rollouts.Testing;
using static Rollouts.Kubernetes.Tests.Runtime.WorkQueueTests;

namespace Rollouts.Kubernetes.Tests.Runtime;

public class WorkQueueDelayTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    [Fact]
    public void AddAfter_makes_a_key_ready_when_its_time_comes_and_not_before()
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock);

        queue.AddAfter("web", TimeSpan.FromSeconds(30));

        clock.Advance(TimeSpan.FromSeconds(30) - OneTick);
        Assert.Equal(0, queue.Length);
        clock.Advance(OneTick);
        Assert.Equal(1, queue.Length);
        Assert.Equal("web", Take(queue));
    }

    [Fact]
    public void Keys_waiting_for_a_time_become_ready_in_order_of_their_times()
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock);

        queue.AddAfter("third", TimeSpan.FromSeconds(3));
        queue.AddAfter("first", TimeSpan.FromSeconds(1));
        queue.AddAfter("second", TimeSpan.FromSeconds(2));
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(["first", "second", "third"], [Take(queue), Take(queue), Take(queue)]);
    }

    [Theory]
    [InlineData(5, 2)]
    [InlineData(2, 5)]
    public void The_earliest_of_several_pending_times_wins_and_the_key_is_handed_out_once(int firstSeconds, int secondSeconds)
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock);

        queue.AddAfter("web", TimeSpan.FromSeconds(firstSeconds));
        queue.AddAfter("web", TimeSpan.FromSeconds(secondSeconds));

        clock.Advance(TimeSpan.FromSeconds(2) - OneTick);
        Assert.Equal(0, queue.Length);
        clock.Advance(OneTick);
        Assert.Equal("web", Take(queue));
        queue.Done("web");

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public void Add_makes_a_key_waiting_for_a_time_ready_at_once_and_drops_the_pending_time()
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock);
        queue.AddAfter("web", TimeSpan.FromMinutes(5));

        queue.Add("web");

        Assert.Equal("web", Take(queue));
        queue.Done("web");
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public void AddAfter_for_a_key_already_ready_changes_nothing()
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock);
        queue.Add("web");

        queue.AddAfter("web", TimeSpan.FromSeconds(1));
        Assert.Equal("web", Take(queue));
        queue.Done("web");

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public void AddAfter_with_no_delay_is_an_Add()
    {
        using var queue = NewQueue();

        queue.AddAfter("a", TimeSpan.Zero);
        queue.AddAfter("b", TimeSpan.FromSeconds(-1));

        Assert.Equal(2, queue.Length);
    }

    [Fact]
    public void A_key_whose_time_comes_while_it_is_processed_is_handed_out_after_Done()
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock);
        queue.Add("web");
        Assert.Equal("web", Take(queue));

        queue.AddAfter("web", TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, queue.Length);

        queue.Done("web");
        Assert.Equal("web", Take(queue));
    }

    [Fact]
    public void A_very_long_delay_is_accepted_and_does_not_fire_early()
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock);

        queue.AddAfter("web", TimeSpan.MaxValue);
        queue.AddAfter("api", TimeSpan.FromDays(3));

        clock.Advance(TimeSpan.FromDays(3) - OneTick);
        Assert.Equal(0, queue.Length);
        clock.Advance(OneTick);
        Assert.Equal("api", Take(queue));
        clock.Advance(TimeSpan.FromDays(400));
        Assert.Equal(0, queue.Length);
    }

    [Fact]
    public void Only_one_timer_is_armed_however_many_keys_wait()
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock);

        for (var i = 0; i < 50; i++)
        {
            queue.AddAfter($"key-{i}", TimeSpan.FromSeconds(50 - i));
        }

        Assert.Equal(1, clock.ArmedTimerCount);
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(50, queue.Length);
        Assert.Equal(0, clock.ArmedTimerCount);
    }

    [Fact]
    public async Task With_the_system_clock_a_waiting_worker_gets_a_delayed_key_when_its_time_comes()
    {
        using var queue = NewQueue(clock: TimeProvider.System);
        var waiting = queue.GetAsync();

        queue.AddAfter("web", TimeSpan.FromMilliseconds(20));

        var item = await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("web", item.Key);
    }
}
