using System.Buffers;

namespace Rollouts.Kubernetes.Client.Http;

/// <summary>
/// Splits a watch response into its newline-terminated events. A line may arrive split over any
/// number of network reads; it is returned only once complete. Bytes after the last newline when
/// the stream ends belong to an event cut off by a closed connection and are dropped.
/// </summary>
internal sealed class WatchLineReader(Stream stream) : IDisposable
{
    private const int InitialSize = 16 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _start;
    private int _end;

    /// <summary>The next non-empty line without its line ending, or null at the end of the stream. Valid until the next call.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var searched = _start;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', searched, _end - searched);
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, newline - _start).TrimEnd((byte)'\r');
                _start = newline + 1;
                if (IsBlank(line.Span))
                {
                    searched = _start;
                    continue;
                }

                return line;
            }

            searched = _end;
            var offset = MakeRoom();
            searched -= offset;
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Moves the pending partial line to the front, growing the buffer when it is full. Returns how far bytes moved.</summary>
    private int MakeRoom()
    {
        var offset = _start;
        var pending = _end - _start;
        if (offset > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return offset;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t"u8).IsEmpty;
}
