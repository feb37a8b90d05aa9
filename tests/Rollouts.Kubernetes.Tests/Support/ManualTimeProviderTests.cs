using Rollouts.Testing;

namespace Rollouts.Kubernetes.Tests.Support;

public class ManualTimeProviderTests
{
    private static readonly DateTimeOffset Start = ManualTimeProvider.DefaultStart;

    [Fact]
    public void Clock_and_timestamps_move_together_only_when_advanced()
    {
        var clock = new ManualTimeProvider(Start);
        var before = clock.GetTimestamp();

        Assert.Equal(Start, clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.GetElapsedTime(before));

        clock.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(Start.AddMilliseconds(1500), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMilliseconds(1500), clock.GetElapsedTime(before));
    }

    [Fact]
    public void SetUtcNow_moves_forward_and_refuses_to_go_back()
    {
        var clock = new ManualTimeProvider(Start);

        clock.SetUtcNow(Start.AddMinutes(5));
        Assert.Equal(Start.AddMinutes(5), clock.GetUtcNow());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetUtcNow(Start));
        Assert.Contains("only moves forward", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void A_timer_fires_when_its_due_time_is_reached_and_not_before()
    {
        var clock = new ManualTimeProvider(Start);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        Assert.Equal(0, fired);

        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, fired);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Timers_fire_in_due_order_each_seeing_the_clock_at_its_due_time()
    {
        var clock = new ManualTimeProvider(Start);
        var seen = new List<(string Name, DateTimeOffset At)>();
        using var late = clock.CreateTimer(_ => seen.Add(("late", clock.GetUtcNow())), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => seen.Add(("early", clock.GetUtcNow())), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var tie = clock.CreateTimer(_ => seen.Add(("tie", clock.GetUtcNow())), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(
            [("early", Start.AddSeconds(1)), ("late", Start.AddSeconds(3)), ("tie", Start.AddSeconds(3))],
            seen);
        Assert.Equal(Start.AddSeconds(10), clock.GetUtcNow());
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_period_during_a_long_advance()
    {
        var clock = new ManualTimeProvider(Start);
        var times = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => times.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal([Start.AddSeconds(1), Start.AddSeconds(3), Start.AddSeconds(5)], times);
    }

    [Fact]
    public void Change_reschedules_and_Dispose_stops_a_timer()
    {
        var clock = new ManualTimeProvider(Start);
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        Assert.True(timer.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan));
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, fired);

        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, fired);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        Assert.Equal(0, clock.ArmedTimerCount);
    }

    [Fact]
    public void A_timer_due_now_fires_on_the_next_advance_not_on_the_creating_thread()
    {
        var clock = new ManualTimeProvider(Start);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        Assert.Equal(0, fired);
        Assert.Equal(1, clock.ArmedTimerCount);

        clock.Advance(TimeSpan.Zero);
        Assert.Equal(1, fired);
    }

    [Fact]
    public void A_timer_armed_by_a_callback_within_the_advanced_span_fires_in_the_same_advance()
    {
        var clock = new ManualTimeProvider(Start);
        var times = new List<DateTimeOffset>();
        ITimer? second = null;
        using var first = clock.CreateTimer(
            _ =>
            {
                times.Add(clock.GetUtcNow());
                second = clock.CreateTimer(_ => times.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
            },
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(5));
        second?.Dispose();

        Assert.Equal([Start.AddSeconds(1), Start.AddSeconds(2)], times);
    }

    [Fact]
    public async Task Task_Delay_on_the_clock_completes_when_the_clock_passes_it()
    {
        var clock = new ManualTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromMinutes(1), clock);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(delay.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(delay.IsCompletedSuccessfully);
    }
}
