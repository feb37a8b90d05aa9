using System.Collections.Concurrent;

namespace Rollouts.Kubernetes.Tests.Support;

/// <summary>
/// Sits between one client and the server and does what the test says: hold new watches, break the
/// open ones, fail requests as a lost connection would, or hang them until the caller gives up.
/// Faults here hit only this client, unlike the server's, which hit every client.
/// </summary>
internal sealed class InterceptingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<CuttableStream, byte> _watches = new();
    private volatile Func<HttpRequestMessage, bool>? _fail;
    private volatile Func<HttpRequestMessage, bool>? _hang;
    private volatile TaskCompletionSource _watchGate = Opened();
    private volatile TaskCompletionSource _requestGate = Opened();
    private volatile Func<HttpRequestMessage, bool>? _hold;
    private int _heldRequests;
    private int _heldWatches;
    private int _hanging;

    /// <summary>Requests waiting at the gate of <see cref="HoldWhen"/>.</summary>
    public int HeldRequests => Volatile.Read(ref _heldRequests);

    /// <summary>Watches waiting at the gate of <see cref="HoldWatches"/>.</summary>
    public int HeldWatches => Volatile.Read(ref _heldWatches);

    /// <summary>Requests hanging now because of <see cref="HangWhen"/>.</summary>
    public int Hanging => Volatile.Read(ref _hanging);

    /// <summary>Watch streams open now.</summary>
    public int OpenWatches => _watches.Count;

    /// <summary>Requests that match fail at once as if the connection was refused; null stops it.</summary>
    public void FailWhen(Func<HttpRequestMessage, bool>? match) => _fail = match;

    /// <summary>Requests that match get no answer until their caller cancels; null stops it (for later requests).</summary>
    public void HangWhen(Func<HttpRequestMessage, bool>? match) => _hang = match;

    /// <summary>Requests that match wait until <see cref="ReleaseRequests"/>.</summary>
    public void HoldWhen(Func<HttpRequestMessage, bool> match)
    {
        _requestGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = match;
    }

    /// <summary>Lets held requests go on, and later ones through.</summary>
    public void ReleaseRequests()
    {
        _hold = null;
        _requestGate.TrySetResult();
    }

    /// <summary>New watch requests wait until <see cref="ReleaseWatches"/>.</summary>
    public void HoldWatches() => _watchGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseWatches() => _watchGate.TrySetResult();

    /// <summary>Breaks every open watch stream, as a dropped connection does.</summary>
    public void CutWatches()
    {
        foreach (var stream in _watches.Keys)
        {
            stream.Cut();
        }
    }

    public static bool IsWatch(HttpRequestMessage request) =>
        request.RequestUri?.Query.Contains("watch=true", StringComparison.Ordinal) == true;

    public static Func<HttpRequestMessage, bool> Resource(string plural) =>
        request => request.RequestUri?.AbsolutePath.Contains($"/{plural}", StringComparison.Ordinal) == true;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_fail?.Invoke(request) == true)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "injected: connection refused");
        }

        if (_hang?.Invoke(request) == true)
        {
            Interlocked.Increment(ref _hanging);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _hanging);
            }
        }

        if (_hold?.Invoke(request) == true)
        {
            Interlocked.Increment(ref _heldRequests);
            try
            {
                await _requestGate.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _heldRequests);
            }
        }

        if (!IsWatch(request))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        Interlocked.Increment(ref _heldWatches);
        try
        {
            await _watchGate.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _heldWatches);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return response;
        }

        var stream = new CuttableStream(await response.Content.ReadAsStreamAsync(cancellationToken), s => _watches.TryRemove(s, out _));
        _watches.TryAdd(stream, 0);
        var content = new StreamContent(stream);
        foreach (var header in response.Content.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = content;
        return response;
    }

    private static TaskCompletionSource Opened()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    /// <summary>A response stream that fails with an IOException once cut, including a read that is waiting.</summary>
    private sealed class CuttableStream(Stream inner, Action<CuttableStream> closed) : Stream
    {
        private readonly CancellationTokenSource _cut = new();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Cut()
        {
            try
            {
                _cut.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Closed meanwhile: nothing left to cut.
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cut.Token);
            try
            {
                return await inner.ReadAsync(buffer, linked.Token);
            }
            catch (OperationCanceledException) when (_cut.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new IOException("injected: the watch connection dropped");
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                closed(this);
                inner.Dispose();
                _cut.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
