using System.Text.Json.Nodes;

namespace Rollouts.Testing;

/// <summary>An open watch stream read one event line at a time, each read bounded by a deadline.</summary>
public sealed class WatchReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private WatchReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public int StatusCode => (int)_response.StatusCode;

    public static async Task<WatchReader> OpenAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        return new WatchReader(response, new StreamReader(stream));
    }

    /// <summary>The next event, or null when the server closed the stream.</summary>
    public async Task<JsonNode?> NextAsync(TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(20));
        var line = await _reader.ReadLineAsync(timeout.Token).ConfigureAwait(false);
        return line is null ? null : JsonNode.Parse(line);
    }

    /// <summary>Reads events until one satisfies <paramref name="match"/>, returning every event read.</summary>
    public async Task<List<JsonNode>> ReadUntilAsync(Func<JsonNode, bool> match, TimeSpan? deadline = null)
    {
        var events = new List<JsonNode>();
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"watch closed after {events.Count} events without the expected one");
            var next = JsonNode.Parse(line)!;
            events.Add(next);
            if (match(next))
            {
                return events;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
