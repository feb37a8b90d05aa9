using System.Threading.Channels;

namespace Rollouts.Kubernetes.Tests.Client.Testing;

/// <summary>
/// A response body that arrives in the chunks the test writes, one chunk per read, as a network
/// would deliver it. Reads wait for the next chunk until <see cref="Complete"/> or <see cref="Break"/>.
/// </summary>
internal sealed class ChunkedStream : Stream
{
    private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>();
    private byte[] _current = [];
    private int _offset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public void Write(string text) => Write(System.Text.Encoding.UTF8.GetBytes(text));

    public void Write(byte[] chunk) => _chunks.Writer.TryWrite(chunk);

    /// <summary>The server closes the stream normally.</summary>
    public void Complete() => _chunks.Writer.TryComplete();

    /// <summary>The connection drops.</summary>
    public void Break() => _chunks.Writer.TryComplete(new IOException("The response ended prematurely."));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_offset == _current.Length)
        {
            if (!await _chunks.Reader.WaitToReadAsync(cancellationToken))
            {
                return 0;
            }

            _chunks.Reader.TryRead(out var next);
            _current = next!;
            _offset = 0;
        }

        var count = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
