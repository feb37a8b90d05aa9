using System.Collections.Concurrent;

namespace Rollouts.Sandbox.ApiServer.Faults;

/// <summary>A patch request as the server received it: method, path (without query), content type, body text and the client's User-Agent.</summary>
public sealed record RecordedBody(string Method, string Path, string? ContentType, string Body, string? UserAgent);

/// <summary>
/// The bodies of patch requests exactly as received, for tests that check what a client sends byte for byte.
/// Off until <see cref="Enabled"/> is set, so a long-running sandbox does not keep every body.
/// </summary>
public sealed class BodyRecorder
{
    private readonly ConcurrentQueue<RecordedBody> _bodies = new();

    public bool Enabled { get; set; }

    public void Record(string method, string path, string? contentType, string body, string? userAgent)
    {
        if (Enabled)
        {
            _bodies.Enqueue(new RecordedBody(method, path, contentType, body, userAgent));
        }
    }

    /// <summary>The recorded bodies in the order received.</summary>
    public IReadOnlyList<RecordedBody> Snapshot() => [.. _bodies];

    public void Clear() => _bodies.Clear();
}
