using Rollouts.Testing;

namespace Rollouts.Engine.Tests.Providers.Prometheus;

/// <summary>One real Prometheus per test class, scraping a test exporter that serves two request counters.</summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    internal TestExporter Exporter { get; private set; } = null!;

    public PrometheusServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Exporter = await TestExporter.StartAsync();
        Exporter.Set("rollouts_test_requests", 10, ("version", "stable"));
        Exporter.Set("rollouts_test_requests", 3, ("version", "canary"));
        Server = await PrometheusServer.StartAsync([Exporter.Target]);
        await Server.WaitForSeriesAsync("rollouts_test_requests", result => result.AsArray().Count == 2);
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Exporter is not null)
        {
            await Exporter.DisposeAsync();
        }
    }
}
