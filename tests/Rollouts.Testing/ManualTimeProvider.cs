namespace Rollouts.Testing;

/// <summary>
/// A clock that moves only when a test moves it. <see cref="GetUtcNow"/> and
/// <see cref="GetTimestamp"/> move together; timers (and so <c>Task.Delay(delay, provider)</c>) fire
/// during <see cref="Advance"/> or <see cref="SetUtcNow"/>, in order of their due time, on the
/// calling thread, each seeing the clock at its own due time.
/// </summary>
/// <remarks>
/// A timer never fires from <see cref="CreateTimer"/> or <see cref="ITimer.Change"/>, as a real timer
/// never runs on its creator's stack: one due now fires on the next advance, including
/// <c>Advance(TimeSpan.Zero)</c>. Callbacks run outside the clock's lock and may create or change
/// timers; one they arm within the advanced span fires in the same advance.
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>The default start: a fixed instant, so tests do not depend on the day they run.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _armed = [];
    private DateTimeOffset _now;
    private long _armings;

    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    public ManualTimeProvider(DateTimeOffset start)
    {
        _now = start.ToUniversalTime();
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers armed and not yet fired, for tests that wait until code under test arms one.</summary>
    public int ArmedTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now.UtcTicks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing the timers due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        MoveTo(target);
    }

    /// <summary>Moves the clock forward to <paramref name="value"/>, firing the timers due on the way.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            if (value < _now)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, $"The clock only moves forward; it is already at {_now:O}.");
            }
        }

        MoveTo(value.ToUniversalTime());
    }

    private void MoveTo(DateTimeOffset target)
    {
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = EarliestDueBy(target);
                if (next is null)
                {
                    if (target > _now)
                    {
                        _now = target;
                    }

                    return;
                }

                if (next.Due > _now)
                {
                    _now = next.Due;
                }

                if (next.Period > TimeSpan.Zero)
                {
                    next.Due += next.Period;
                    next.Arming = ++_armings;
                }
                else
                {
                    _armed.Remove(next);
                }
            }

            next.Fire();
        }
    }

    private ManualTimer? EarliestDueBy(DateTimeOffset target)
    {
        ManualTimer? earliest = null;
        foreach (var timer in _armed)
        {
            if (timer.Due <= target &&
                (earliest is null || timer.Due < earliest.Due || (timer.Due == earliest.Due && timer.Arming < earliest.Arming)))
            {
                earliest = timer;
            }
        }

        return earliest;
    }

    private bool Arm(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        }

        if (period != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(period, TimeSpan.Zero);
        }

        lock (_gate)
        {
            if (timer.IsDisposed)
            {
                return false;
            }

            _armed.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return true;
            }

            timer.Due = _now + dueTime;
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            timer.Arming = ++_armings;
            _armed.Add(timer);
            return true;
        }
    }

    private void Disarm(ManualTimer timer)
    {
        lock (_gate)
        {
            timer.IsDisposed = true;
            _armed.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        // Guarded by the clock's lock.
        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; set; }

        public long Arming { get; set; }

        public bool IsDisposed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => clock.Arm(this, dueTime, period);

        public void Fire() => callback(state);

        public void Dispose() => clock.Disarm(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
