using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Testing;
using static Rollouts.Sandbox.Tests.Traffic.TrafficObjects;

namespace Rollouts.Sandbox.Tests.Traffic;

/// <summary>The sandbox with traffic turned on, on the real clock: workloads become ready pods and a real Prometheus scrapes the metrics.</summary>
public sealed class MetricsEndpointTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Traffic_is_off_unless_asked_for()
    {
        await using var api = await SandboxApi.StartAsync(new ApiServerOptions());

        Assert.Null(api.Server.Traffic);
    }

    [Fact]
    public async Task Serves_the_text_format_at_metrics_and_nothing_else()
    {
        await using var api = await StartWithCanaryAsync();
        using var http = new HttpClient();
        var metricsUrl = api.Server.Traffic!.MetricsUrl;

        await Eventually.WaitUntilAsync(async () =>
            (await http.GetStringAsync(metricsUrl)).Contains("service=\"web-canary\"", StringComparison.Ordinal),
            "the canary service to show up in /metrics", Deadline);
        using var response = await http.GetAsync(metricsUrl);
        using var other = await http.GetAsync(new Uri(metricsUrl, "/other"));

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task A_real_Prometheus_sees_the_canarys_errors()
    {
        await using var api = await StartWithCanaryAsync();
        var metricsUrl = api.Server.Traffic!.MetricsUrl;
        await using var prometheus = await PrometheusServer.StartAsync([$"127.0.0.1:{metricsUrl.Port.ToString(CultureInfo.InvariantCulture)}"]);

        await prometheus.WaitForSeriesAsync(
            """sum(rate(nginx_ingress_controller_requests{service="web-canary",status=~"5.."}[10s]))""",
            result => result is JsonArray { Count: 1 } series && double.Parse(series[0]!["value"]![1]!.GetValue<string>(), CultureInfo.InvariantCulture) > 0,
            Deadline);
        var stableErrors = await prometheus.QueryAsync("""sum(nginx_ingress_controller_requests{service="web-stable",status=~"5.."})""");

        Assert.Equal(0, stableErrors?.AsArray().Count);
    }

    /// <summary>A stable ReplicaSet and a canary one with ERROR_RATE=0.5 behind their services and ingresses, canary at weight 50.</summary>
    private static async Task<SandboxApi> StartWithCanaryAsync()
    {
        var api = await SandboxApi.StartAsync(new ApiServerOptions { SimulateTraffic = true, ReadyDelay = TimeSpan.Zero, Seed = 5 });
        var operations = api.Server.Operations;
        operations.Create(BuiltInTypes.Services, "default", Service("web-stable", "web"), WriteOptions.Default);
        operations.Create(BuiltInTypes.Services, "default", Service("web-canary", "web-new"), WriteOptions.Default);
        operations.Create(BuiltInTypes.ReplicaSets, "default", ReplicaSet("web-1", "web", 2), WriteOptions.Default);
        operations.Create(BuiltInTypes.ReplicaSets, "default",
            ReplicaSet("web-2", "web-new", 1, new Dictionary<string, string> { ["ERROR_RATE"] = "0.5", ["LATENCY_MS"] = "20" }), WriteOptions.Default);
        operations.Create(BuiltInTypes.Ingresses, "default", Ingress("web", "web-stable"), WriteOptions.Default);
        operations.Create(BuiltInTypes.Ingresses, "default", Ingress("web-canary", "web-canary", canaryWeight: 50), WriteOptions.Default);
        return api;
    }
}
