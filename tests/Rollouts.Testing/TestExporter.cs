using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Rollouts.Testing;

/// <summary>
/// A /metrics endpoint on 127.0.0.1 for Prometheus to scrape, serving gauges whose values the test sets.
/// </summary>
public sealed class TestExporter : IAsyncDisposable
{
    private readonly FakeHttpServer _server;
    private ImmutableSortedDictionary<string, double> _samples = ImmutableSortedDictionary<string, double>.Empty;

    private TestExporter(FakeHttpServer server) => _server = server;

    /// <summary>The scrape target, host:port.</summary>
    public string Target => _server.Url.Authority;

    public static async Task<TestExporter> StartAsync()
    {
        TestExporter? exporter = null;
        var server = await FakeHttpServer.StartAsync(context => exporter!.WriteAsync(context)).ConfigureAwait(false);
        exporter = new TestExporter(server);
        return exporter;
    }

    /// <summary>Sets the sample <paramref name="name"/>{<paramref name="labels"/>} to <paramref name="value"/> from the next scrape on.</summary>
    public void Set(string name, double value, params (string Name, string Value)[] labels)
    {
        var selector = labels.Length == 0 ? name : $"{name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}";
        ImmutableInterlocked.Update(ref _samples, samples => samples.SetItem(selector, value));
    }

    private Task WriteAsync(HttpContext context)
    {
        if (context.Request.Path != "/metrics")
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }

        var text = new StringBuilder();
        foreach (var (selector, value) in _samples)
        {
            text.Append(selector).Append(' ').Append(Format(value)).Append('\n');
        }

        context.Response.ContentType = "text/plain; version=0.0.4";
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }

    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
