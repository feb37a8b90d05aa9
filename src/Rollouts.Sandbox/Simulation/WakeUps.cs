using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Simulation;

/// <summary>
/// Timed wake-ups, one per key, at a time on the clock (the earliest asked for wins). They are kept apart
/// from the work queue's own delays, which adding the key drops: a controller asks for its wake-up before the
/// write that makes the wait visible, and the event of that write must not cancel it, or a clock moved just
/// then would find no timer set.
/// </summary>
internal sealed class WakeUps(TimeProvider time, Action<ObjectKey> wake) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, (DateTimeOffset Due, ITimer Timer)> _pending = [];
    private bool _disposed;

    /// <summary>Wakes <paramref name="key"/> at <paramref name="due"/>, or at once when that time has come.</summary>
    public void At(ObjectKey key, DateTimeOffset due)
    {
        lock (_gate)
        {
            if (_disposed || (_pending.TryGetValue(key, out var existing) && existing.Due <= due))
            {
                return;
            }

            var delay = due - time.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                // Whole milliseconds, rounded up: system timers truncate, and an early wake-up finds nothing to do.
                delay = TimeSpan.FromTicks((delay.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond);
                existing.Timer?.Dispose();
                _pending[key] = (due, time.CreateTimer(_ => Fire(key, due), null, delay, Timeout.InfiniteTimeSpan));
                return;
            }

            existing.Timer?.Dispose();
            _pending.Remove(key);
        }

        wake(key);
    }

    /// <summary>Drops the wake-up of an object that is gone.</summary>
    public void Cancel(ObjectKey key)
    {
        lock (_gate)
        {
            if (_pending.Remove(key, out var pending))
            {
                pending.Timer.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var (_, timer) in _pending.Values)
            {
                timer.Dispose();
            }

            _pending.Clear();
        }
    }

    private void Fire(ObjectKey key, DateTimeOffset due)
    {
        lock (_gate)
        {
            // A wake-up replaced by an earlier one may still fire once; only the one recorded counts.
            if (_disposed || !_pending.TryGetValue(key, out var pending) || pending.Due != due)
            {
                return;
            }

            _pending.Remove(key);
            pending.Timer.Dispose();
        }

        wake(key);
    }
}
