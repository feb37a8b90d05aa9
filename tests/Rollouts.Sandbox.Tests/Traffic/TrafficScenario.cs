using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.Traffic;
using Rollouts.Testing;
using static Rollouts.Sandbox.Tests.Traffic.TrafficObjects;

namespace Rollouts.Sandbox.Tests.Traffic;

/// <summary>
/// An API server that is not listening (objects are written through its operations) and a traffic simulator on a
/// manual clock, ticked by the test: the same writes and advances always give the same metrics.
/// </summary>
internal sealed class TrafficScenario : IAsyncDisposable
{
    private readonly Sandbox.ApiServer.ApiServer _server;

    public TrafficScenario(double requestsPerSecond = 50, int seed = 7)
    {
        _server = new Sandbox.ApiServer.ApiServer(new ApiServerOptions { Time = Clock, SimulateWorkloads = false });
        Simulator = new TrafficSimulator(_server, new TrafficSimulatorOptions
        {
            RequestsPerSecond = requestsPerSecond,
            Time = Clock,
            Seed = seed,
        }, NullLogger.Instance);
    }

    public ManualTimeProvider Clock { get; } = new();
    public TrafficSimulator Simulator { get; }
    public IngressMetrics Metrics => Simulator.Metrics;

    /// <summary>A service selecting app=<paramref name="app"/> and <paramref name="pods"/> ready pods with the env.</summary>
    public void Backend(string service, string app, int pods, IReadOnlyDictionary<string, string>? env = null, bool ready = true)
    {
        _server.Operations.Create(BuiltInTypes.Services, "default", Service(service, app), WriteOptions.Default);
        for (var i = 0; i < pods; i++)
        {
            var name = $"{app}-{i}";
            _server.Operations.Create(BuiltInTypes.Pods, "default", Pod(name, app, env), WriteOptions.Default);
            var stored = _server.Operations.Get(BuiltInTypes.Pods, "default", name).ToJsonObject();
            stored["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
            };
            _server.Operations.Update(BuiltInTypes.Pods, "default", name, stored, WriteOptions.Default, statusOnly: true);
        }
    }

    public void Ingress(string name, string service, int? canaryWeight = null) =>
        _server.Operations.Create(BuiltInTypes.Ingresses, "default", TrafficObjects.Ingress(name, service, canaryWeight), WriteOptions.Default);

    /// <summary>Moves the clock and ticks once: RequestsPerSecond × seconds requests per stable ingress.</summary>
    public void Run(TimeSpan span)
    {
        Clock.Advance(span);
        Simulator.Tick();
    }

    public long Requests(string? service = null, string? status = null, string? canary = null) =>
        Metrics.Count(l => (service is null || l.Service == service) && (status is null || l.Status == status) && (canary is null || l.Canary == canary));

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await _server.DisposeAsync();
    }
}
