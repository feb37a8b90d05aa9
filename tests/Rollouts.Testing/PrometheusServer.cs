using System.Text.Json.Nodes;
using Rollouts.Sandbox.Prometheus;

namespace Rollouts.Testing;

/// <summary>
/// The sandbox's real Prometheus (<see cref="PrometheusProcess"/>) for tests, with a wait on a query's result.
/// Tests that use it fail, never skip, when the binary is missing.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly PrometheusProcess _process;

    private PrometheusServer(PrometheusProcess process) => _process = process;

    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Url => _process.Url;

    /// <summary>What the server wrote to stderr so far (its log), for failure messages.</summary>
    public string Log => _process.Log;

    /// <summary>Starts Prometheus scraping <paramref name="targets"/> (host:port, path /metrics) every second as job "test", and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(IEnumerable<string> targets, CancellationToken cancellationToken = default) =>
        new(await PrometheusProcess.StartAsync(targets, cancellationToken, job: "test").ConfigureAwait(false));

    /// <summary>Polls an instant query until <paramref name="predicate"/> holds for its <c>data.result</c>; fails at the deadline.</summary>
    public async Task<JsonNode> WaitForSeriesAsync(string query, Func<JsonNode, bool> predicate, TimeSpan? deadline = null)
    {
        JsonNode? last = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            last = await QueryAsync(query).ConfigureAwait(false);
            return last is not null && predicate(last);
        }, $"Prometheus query {query} to return the expected series (last result: {last?.ToJsonString() ?? "none"})", deadline).ConfigureAwait(false);
        return last!;
    }

    /// <summary>The <c>data.result</c> of an instant query, or null when the server did not answer with success.</summary>
    public Task<JsonNode?> QueryAsync(string query) => _process.QueryAsync(query);

    /// <summary>A port the system just handed out and released; another process could take it, which is rare enough for tests.</summary>
    public static int FreePort() => PrometheusProcess.FreePort();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
