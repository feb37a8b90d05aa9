using Rollouts.Sandbox.ApiServer.Storage;
using Rollouts.Sandbox.Simulation;
using Rollouts.Testing;

namespace Rollouts.Sandbox.Tests.Simulation;

public sealed class WakeUpsTests
{
    private static readonly ObjectKey Key = new("default", "web");

    private readonly ManualTimeProvider _clock = new();
    private readonly List<(ObjectKey Key, DateTimeOffset At)> _woken = [];

    private WakeUps Create() => new(_clock, key => _woken.Add((key, _clock.GetUtcNow())));

    [Fact]
    public void Wakes_the_key_when_its_time_comes_and_not_before()
    {
        using var wakeUps = Create();
        var due = _clock.GetUtcNow().AddSeconds(5);

        wakeUps.At(Key, due);
        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Empty(_woken);
        _clock.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal([(Key, due)], _woken);
    }

    [Fact]
    public void The_earliest_time_asked_for_wins_and_the_key_wakes_once()
    {
        using var wakeUps = Create();
        var start = _clock.GetUtcNow();

        wakeUps.At(Key, start.AddSeconds(5));
        wakeUps.At(Key, start.AddSeconds(2));
        wakeUps.At(Key, start.AddSeconds(9));
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([(Key, start.AddSeconds(2))], _woken);
    }

    [Fact]
    public void A_time_already_past_wakes_at_once()
    {
        using var wakeUps = Create();

        wakeUps.At(Key, _clock.GetUtcNow().AddSeconds(-1));

        Assert.Single(_woken);
    }

    [Fact]
    public void A_cancelled_or_disposed_wake_up_never_comes()
    {
        var wakeUps = Create();
        wakeUps.At(Key, _clock.GetUtcNow().AddSeconds(1));
        wakeUps.At(new ObjectKey("default", "other"), _clock.GetUtcNow().AddSeconds(1));

        wakeUps.Cancel(Key);
        wakeUps.Dispose();
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Empty(_woken);
        Assert.Equal(0, _clock.ArmedTimerCount);
    }
}
