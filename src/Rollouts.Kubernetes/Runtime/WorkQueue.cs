using Rollouts.Kubernetes.Flow;

namespace Rollouts.Kubernetes.Runtime;

/// <summary>
/// The queue between watch handlers and workers. Handlers add keys; workers take a key with
/// <see cref="GetAsync"/>, reconcile it and call <see cref="Done"/>.
/// </summary>
/// <remarks>
/// <para>
/// A key waiting in the queue is held once however often it is added. A key is never handed to two
/// workers at once: a key added while a worker holds it is handed out again, once, after
/// <see cref="Done"/>.
/// </para>
/// <para>
/// A key may also wait for a time (<see cref="AddAfter"/>, <see cref="AddRateLimited"/>). It has at
/// most one pending time, the earliest asked for; <see cref="Add"/> makes it ready at once and drops
/// the pending time, since the reconcile that follows asks again if it still needs a timed wake-up.
/// </para>
/// <para>
/// Thread-safe. Time comes only from the injected <see cref="TimeProvider"/>; one timer wakes the
/// queue when the earliest pending time comes.
/// </para>
/// </remarks>
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    // The longest single timer period; a later time is reached by arming again. System timers take
    // at most about 49 days.
    private static readonly TimeSpan MaxTimerPeriod = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Queue<(TKey Key, TimeSpan ReadySince)> _ready = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly Dictionary<TKey, TimeSpan> _processing = [];
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly DelayedKeys<TKey> _delayed = new();
    private readonly KeyBackoff<TKey> _backoff;
    private readonly TokenBucket _bucket;
    private readonly ITimer _timer;
    private readonly WorkQueueMetrics _metrics;
    private TimeSpan? _timerFiresAt;
    private bool _shuttingDown;
    private TaskCompletionSource? _drained;

    /// <param name="name">Names the queue in metrics, e.g. "rollouts".</param>
    /// <param name="options">Retry backoff and overall rate; defaults when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public WorkQueue(string name, WorkQueueOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        options ??= new WorkQueueOptions();
        options.Validate();

        Name = name;
        _time = timeProvider ?? TimeProvider.System;
        _origin = _time.GetTimestamp();
        _backoff = new KeyBackoff<TKey>(options.BaseDelay, options.MaxDelay);
        _bucket = new TokenBucket(options.Qps, options.Burst, _time);
        _timer = _time.CreateTimer(
            static state => ((WorkQueue<TKey>)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _metrics = new WorkQueueMetrics(name, () => Length);
    }

    public string Name { get; }

    /// <summary>Keys ready and waiting for a worker (not those being processed or waiting for a time).</summary>
    public int Length
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Makes the key ready now. Ignored once the queue is shutting down.</summary>
    public void Add(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (!_shuttingDown)
            {
                AddLocked(key, Now());
            }
        }
    }

    /// <summary>
    /// Makes the key ready after <paramref name="delay"/>, or at once when it is zero or less. When the
    /// key already waits for an earlier time, or is already ready, nothing changes.
    /// </summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (!_shuttingDown)
            {
                AddAfterLocked(key, delay, Now());
            }
        }
    }

    /// <summary>
    /// Adds the key back after a failure. It waits the longer of its own backoff (which doubles with
    /// each failure until <see cref="Forget"/>) and the wait the overall rate limit imposes.
    /// </summary>
    public void AddRateLimited(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            var backoff = _backoff.Next(key);
            var overall = _bucket.Reserve();
            _metrics.Retried();
            AddAfterLocked(key, backoff > overall ? backoff : overall, Now());
        }
    }

    /// <summary>Resets the key's backoff; call it when the key was processed successfully.</summary>
    public void Forget(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            _backoff.Forget(key);
        }
    }

    /// <summary>How often the key was added back with <see cref="AddRateLimited"/> since it was last forgotten.</summary>
    public int NumRequeues(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            return _backoff.Failures(key);
        }
    }

    /// <summary>
    /// Waits for a ready key and hands it to the caller, who then holds it until <see cref="Done"/>.
    /// Returns <see cref="WorkItem{TKey}.ShutDown"/> once the queue is shutting down, also to callers
    /// already waiting.
    /// </summary>
    public ValueTask<WorkItem<TKey>> GetAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<WorkItem<TKey>>(cancellationToken);
        }

        Waiter waiter;
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return new(WorkItem<TKey>.ShutDown);
            }

            if (_ready.Count > 0)
            {
                return new(HandOutNext(Now()));
            }

            waiter = new Waiter(this, cancellationToken);
            _waiters.AddLast(waiter.Node);
        }

        return cancellationToken.CanBeCanceled ? new(WaitCancellableAsync(waiter)) : new(waiter.Task);
    }

    /// <summary>
    /// Tells the queue the worker has finished with the key. If the key was added meanwhile, it is
    /// ready again now.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key is not being processed.</exception>
    public void Done(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            var now = Now();
            if (!_processing.Remove(key, out var handedOutAt))
            {
                throw new InvalidOperationException(
                    $"Done was called for key '{key}' on work queue '{Name}', but no worker holds that key. " +
                    "Call Done exactly once for each key GetAsync returned.");
            }

            _metrics.Worked(now - handedOutAt);
            if (_dirty.Contains(key))
            {
                _ready.Enqueue((key, now));
                Dispatch(now);
            }

            if (_processing.Count == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Stops handing out keys at once: waiting and later <see cref="GetAsync"/> calls return the
    /// shutdown signal, adds are ignored and pending times are dropped. Workers still call
    /// <see cref="Done"/> for the keys they hold.
    /// </summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            ShutDownLocked();
        }
    }

    /// <summary>Shuts down, then waits until every key handed out has been passed to <see cref="Done"/>.</summary>
    public async Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default)
    {
        Task drained;
        lock (_gate)
        {
            ShutDownLocked();
            if (_processing.Count == 0)
            {
                return;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }

        await drained.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Shuts down and releases the timer and the metrics.</summary>
    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
        _metrics.Dispose();
    }

    private TimeSpan Now() => _time.GetElapsedTime(_origin);

    private void AddLocked(TKey key, TimeSpan now)
    {
        _delayed.Remove(key);
        if (!_dirty.Add(key))
        {
            return;
        }

        _metrics.Added();
        if (!_processing.ContainsKey(key))
        {
            _ready.Enqueue((key, now));
            Dispatch(now);
        }
    }

    private void AddAfterLocked(TKey key, TimeSpan delay, TimeSpan now)
    {
        if (delay <= TimeSpan.Zero)
        {
            AddLocked(key, now);
            return;
        }

        if (_dirty.Contains(key))
        {
            return; // it will be handed out no later than the time asked for
        }

        var due = delay >= TimeSpan.MaxValue - now ? TimeSpan.MaxValue : now + delay;
        if (_delayed.Schedule(key, due))
        {
            ArmTimer(now);
        }
    }

    private WorkItem<TKey> HandOutNext(TimeSpan now)
    {
        var (key, readySince) = _ready.Dequeue();
        _dirty.Remove(key);
        _processing.Add(key, now);
        _metrics.Waited(now - readySince);
        return new WorkItem<TKey>(key);
    }

    private void Dispatch(TimeSpan now)
    {
        while (_ready.Count > 0 && _waiters.First is { } first)
        {
            _waiters.Remove(first);
            first.Value.TrySetResult(HandOutNext(now));
        }
    }

    private void ArmTimer(TimeSpan now)
    {
        if (!_delayed.TryPeekEarliest(out var due) || (_timerFiresAt is { } armed && armed <= due))
        {
            return;
        }

        // Whole milliseconds, rounded up: system timers truncate to milliseconds and would otherwise
        // fire before the time and arm again for less than a millisecond.
        // A key already due (its time passed while the timer was armed for a later one) fires at once.
        var dueIn = due > now ? due - now : TimeSpan.Zero;
        dueIn = dueIn > MaxTimerPeriod
            ? MaxTimerPeriod
            : TimeSpan.FromTicks((dueIn.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond);
        _timerFiresAt = now + dueIn;
        _timer.Change(dueIn, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            _timerFiresAt = null;
            if (_shuttingDown)
            {
                return;
            }

            var now = Now();
            while (_delayed.TryTakeDue(now, out var key))
            {
                AddLocked(key, now);
            }

            ArmTimer(now);
        }
    }

    private void ShutDownLocked()
    {
        if (_shuttingDown)
        {
            return;
        }

        _shuttingDown = true;
        _delayed.Clear();
        _timerFiresAt = null;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        foreach (var waiter in _waiters)
        {
            waiter.TrySetResult(WorkItem<TKey>.ShutDown);
        }

        _waiters.Clear();
    }

    private void Abandon(Waiter waiter)
    {
        lock (_gate)
        {
            // A waiter no longer in the list was handed a key or the shutdown signal; that result stands.
            if (waiter.Node.List is not null)
            {
                _waiters.Remove(waiter.Node);
                waiter.TrySetCanceled(waiter.CancellationToken);
            }
        }
    }

    private static async Task<WorkItem<TKey>> WaitCancellableAsync(Waiter waiter)
    {
        using (waiter.CancellationToken.UnsafeRegister(static state => ((Waiter)state!).Abandon(), waiter))
        {
            return await waiter.Task.ConfigureAwait(false);
        }
    }

    /// <summary>A worker waiting in <see cref="GetAsync"/>; completed only under the queue's lock.</summary>
    private sealed class Waiter : TaskCompletionSource<WorkItem<TKey>>
    {
        private readonly WorkQueue<TKey> _queue;

        public Waiter(WorkQueue<TKey> queue, CancellationToken cancellationToken)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            _queue = queue;
            CancellationToken = cancellationToken;
            Node = new LinkedListNode<Waiter>(this);
        }

        public CancellationToken CancellationToken { get; }

        public LinkedListNode<Waiter> Node { get; }

        public void Abandon() => _queue.Abandon(this);
    }
}
