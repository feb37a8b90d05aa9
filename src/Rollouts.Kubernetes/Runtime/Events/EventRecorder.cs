using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Runtime.Events;

/// <summary>
/// Writes core/v1 Events for the objects a controller acts on. <see cref="Record"/> only queues the
/// event; one background writer creates it, or, when the same event (object, type, reason, message)
/// was written within <see cref="EventRecorderOptions.AggregationWindow"/>, counts up the existing
/// Event's <c>count</c> and <c>lastTimestamp</c> instead. Memory is bounded: at most
/// <see cref="EventRecorderOptions.QueueCapacity"/> events wait (more are dropped and counted) and at
/// most <see cref="EventRecorderOptions.CacheCapacity"/> are remembered for counting up. A write that
/// fails is logged and dropped. Dispose to write what is queued and stop.
/// </summary>
public sealed class EventRecorder : IEventRecorder, IAsyncDisposable
{
    private const int MaxBatch = 256;
    private const int MaxNameLength = 253;

    private readonly IResourceClient<Event> _events;
    private readonly EventRecorderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Occurrence> _queue;
    private readonly LruCache<EventKey, Aggregate> _seen;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private long _dropped;
    private long _failed;
    private long _written;
    private int _pending;
    private long _lastNameNanos;
    private int _disposed;

    public EventRecorder(IResourceClient<Event> events, EventRecorderOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _events = events;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _queue = Channel.CreateBounded<Occurrence>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true });
        _seen = new LruCache<EventKey, Aggregate>(options.CacheCapacity);
        _writer = Task.Run(() => WriteLoopAsync(_stop.Token));
    }

    /// <summary>Events dropped because the queue was full or the recorder was disposed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events whose write failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Creates and count-ups that succeeded (a count-up of several occurrences is one).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Events queued or being written.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public void Record(IKubernetesObject involved, EventType type, string reason, string message)
    {
        ArgumentNullException.ThrowIfNull(involved);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(message);
        var name = involved.Metadata.Name ?? "";
        if (message.Length > _options.MaxMessageLength)
        {
            message = message[.._options.MaxMessageLength];
        }

        var key = new EventKey(involved.Kind, involved.Metadata.Namespace ?? "", name, involved.Metadata.Uid, type, reason, message);
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(new Occurrence(key, involved, _time.GetUtcNow())))
        {
            Interlocked.Decrement(ref _pending);
            var dropped = Interlocked.Increment(ref _dropped);
            if ((dropped & (dropped - 1)) == 0)
            {
                EventRecorderLog.QueueFull(_logger, _options.QueueCapacity, reason, involved.Kind, key.Describe());
            }
        }
    }

    /// <summary>Stops taking events, waits up to <see cref="EventRecorderOptions.DrainTimeout"/> for the queued ones to be written, and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(_options.DrainTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            EventRecorderLog.NotDrained(_logger, Pending);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        var batch = new List<Occurrence>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var occurrence))
                {
                    batch.Add(occurrence);
                }

                // Occurrences of one event that queued up together become one write.
                foreach (var same in batch.GroupBy(o => o.Key))
                {
                    var count = same.Count();
                    await WriteAsync(same.First(), same.Last().At, count, cancellationToken).ConfigureAwait(false);
                    Interlocked.Add(ref _pending, -count);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed with events still queued; they were reported as not drained.
        }
    }

    private async Task WriteAsync(Occurrence first, DateTimeOffset last, int count, CancellationToken cancellationToken)
    {
        var key = first.Key;
        try
        {
            if (_seen.TryGet(key, out var seen) && first.At - seen.LastTimestamp <= _options.AggregationWindow)
            {
                var total = seen.Count + count;
                try
                {
                    var patch = Patch.Merge(new JsonObject { ["count"] = total, ["lastTimestamp"] = Format(last) });
                    await _events.PatchAsync(seen.Namespace, seen.Name, patch, null, cancellationToken).ConfigureAwait(false);
                    _seen.Set(key, seen with { Count = total, LastTimestamp = last });
                    Interlocked.Increment(ref _written);
                    return;
                }
                catch (NotFoundException)
                {
                    // The Event expired or was deleted: write a new one.
                    _seen.Remove(key);
                }
            }

            var created = await _events.CreateAsync(NewEvent(first, last, count), null, cancellationToken).ConfigureAwait(false);
            _seen.Set(key, new Aggregate(created.Metadata.Namespace ?? "", created.Metadata.Name ?? "", count, last));
            Interlocked.Increment(ref _written);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Interlocked.Add(ref _failed, count);
            EventRecorderLog.WriteFailed(_logger, e, key.Reason, key.Kind, key.Describe());
        }
    }

    private Event NewEvent(Occurrence first, DateTimeOffset last, int count)
    {
        var involved = first.Involved;
        var key = first.Key;
        var @namespace = key.Namespace.Length == 0 ? "default" : key.Namespace;
        return new Event
        {
            Metadata = new ObjectMeta { Name = NameFor(key.Name, first.At), Namespace = @namespace },
            InvolvedObject = new ObjectReference
            {
                ApiVersion = involved.ApiVersion,
                Kind = involved.Kind,
                Namespace = key.Namespace.Length == 0 ? null : key.Namespace,
                Name = key.Name,
                Uid = key.Uid,
                ResourceVersion = involved.Metadata.ResourceVersion,
            },
            Reason = key.Reason,
            Message = key.Message,
            Type = key.Type.ToString(),
            Count = count,
            FirstTimestamp = first.At,
            LastTimestamp = last,
            Source = new EventSource { Component = _options.Component, Host = _options.Host },
            ReportingComponent = _options.Component,
            ReportingInstance = _options.Host,
        };
    }

    /// <summary><c>&lt;object&gt;.&lt;hex nanoseconds&gt;</c>, made unique within this recorder.</summary>
    private string NameFor(string objectName, DateTimeOffset at)
    {
        var nanos = (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        nanos = _lastNameNanos = Math.Max(nanos, _lastNameNanos + 1);
        var suffix = "." + nanos.ToString("x", CultureInfo.InvariantCulture);
        var prefix = objectName.Length + suffix.Length > MaxNameLength ? objectName[..(MaxNameLength - suffix.Length)] : objectName;
        return prefix + suffix;
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>What makes two occurrences the same event.</summary>
    private readonly record struct EventKey(string? Kind, string Namespace, string Name, string? Uid, EventType Type, string Reason, string Message)
    {
        public string Describe() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
    }

    private sealed record Occurrence(EventKey Key, IKubernetesObject Involved, DateTimeOffset At);

    /// <summary>The Event written for a key: where it is, how often it counted, and when it last happened.</summary>
    private sealed record Aggregate(string Namespace, string Name, int Count, DateTimeOffset LastTimestamp);
}
