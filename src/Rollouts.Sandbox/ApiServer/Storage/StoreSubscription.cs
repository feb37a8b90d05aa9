using System.Threading.Channels;

namespace Rollouts.Sandbox.ApiServer.Storage;

/// <summary>
/// A stream of committed changes for one collection (or all of them). The store writes into it while it
/// holds its write lock, so events arrive in resourceVersion order; a reader that falls more than
/// <see cref="Capacity"/> events behind is cut off, as the real server closes slow watchers, and must
/// resume from the last resourceVersion it saw.
/// </summary>
public sealed class StoreSubscription : IDisposable
{
    private readonly Channel<StoreEvent> _channel = Channel.CreateUnbounded<StoreEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Action<StoreSubscription> _unsubscribe;
    private int _pending;

    internal StoreSubscription(string? storageKey, StoreState startState, int capacity, Action<StoreSubscription> unsubscribe)
    {
        StorageKey = storageKey;
        StartState = startState;
        Capacity = capacity;
        _unsubscribe = unsubscribe;
    }

    /// <summary>The collection watched; null for every collection.</summary>
    public string? StorageKey { get; }

    /// <summary>The state when the subscription began: events follow it with no gap.</summary>
    public StoreState StartState { get; }

    public int Capacity { get; }

    /// <summary>True when the reader fell too far behind and the stream was closed.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Events waiting to be read.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public async ValueTask<StoreEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var next = await _channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Decrement(ref _pending);
            return next;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public bool TryRead(out StoreEvent? next)
    {
        if (_channel.Reader.TryRead(out var read))
        {
            Interlocked.Decrement(ref _pending);
            next = read;
            return true;
        }

        next = null;
        return false;
    }

    /// <summary>A task that completes when an event is ready or the stream ended.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    public void Dispose() => _unsubscribe(this);

    internal void Publish(StoreEvent change)
    {
        if (Overflowed)
        {
            return;
        }

        if (Interlocked.Increment(ref _pending) > Capacity)
        {
            Overflowed = true;
            _channel.Writer.TryComplete();
            return;
        }

        _channel.Writer.TryWrite(change);
    }

    internal void Close() => _channel.Writer.TryComplete();
}
