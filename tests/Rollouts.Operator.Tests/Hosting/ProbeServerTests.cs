using System.Net;
using Rollouts.Operator.Hosting;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Hosting;

/// <summary>The probe server over real HTTP on 127.0.0.1 with ports picked by the system.</summary>
public sealed class ProbeServerTests : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Healthz_answers_200_while_alive_and_503_with_the_reason_once_a_loop_died()
    {
        var alive = true;
        await using var server = await ProbeServer.StartAsync(
            Options() with { Liveness = () => alive ? ProbeStatus.Ok : ProbeStatus.Failing("the Rollout workers stopped") },
            CancellationToken.None);

        var healthy = await GetAsync(server.HealthUrl!);
        alive = false;
        var dead = await GetAsync(server.HealthUrl!);

        Assert.Equal((HttpStatusCode.OK, "ok\n"), healthy);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "the Rollout workers stopped\n"), dead);
    }

    [Fact]
    public async Task Readyz_answers_503_until_the_caches_sync_then_200()
    {
        var synced = false;
        await using var server = await ProbeServer.StartAsync(
            Options() with { Readiness = () => synced ? ProbeStatus.Ok : ProbeStatus.Failing("caches not synced: rollouts, services") },
            CancellationToken.None);

        var before = await GetAsync(server.ReadyUrl!);
        synced = true;
        var after = await GetAsync(server.ReadyUrl!);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "caches not synced: rollouts, services\n"), before);
        Assert.Equal((HttpStatusCode.OK, "ok\n"), after);
    }

    [Fact]
    public async Task Metrics_are_served_in_the_text_format_on_their_own_port()
    {
        var scrapes = 0;
        await using var server = await ProbeServer.StartAsync(
            Options() with
            {
                WriteMetrics = writer =>
                {
                    scrapes++;
                    writer.Family("rollouts_leader", "gauge", "Leader.");
                    writer.Sample("rollouts_leader", [], scrapes);
                },
            },
            CancellationToken.None);

        using var response = await _http.GetAsync(server.MetricsUrl);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("# HELP rollouts_leader Leader.\n# TYPE rollouts_leader gauge\nrollouts_leader 1\n", body);
        Assert.Equal("127.0.0.1", server.MetricsUrl!.Host);
        Assert.NotEqual(server.MetricsUrl.Port, server.ReadyUrl!.Port);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(new Uri(server.ReadyUrl, "/metrics"))).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(new Uri(server.MetricsUrl, "/readyz"))).Code);
    }

    [Fact]
    public async Task Only_GET_and_HEAD_are_answered()
    {
        await using var server = await ProbeServer.StartAsync(Options(), CancellationToken.None);

        using var post = await _http.PostAsync(server.ReadyUrl, new StringContent(""));
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, server.HealthUrl));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task An_address_of_0_turns_its_listener_off()
    {
        await using var server = await ProbeServer.StartAsync(Options() with { MetricsAddress = "0" }, CancellationToken.None);

        Assert.Null(server.MetricsUrl);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server.HealthUrl!)).Code);
    }

    [Fact]
    public async Task One_address_for_both_serves_metrics_and_probes_on_one_port()
    {
        var port = PrometheusServer.FreePort();
        var address = $"127.0.0.1:{port}";
        await using var server = await ProbeServer.StartAsync(Options() with { MetricsAddress = address, ProbeAddress = address }, CancellationToken.None);

        Assert.Equal(new Uri($"http://127.0.0.1:{port}/metrics"), server.MetricsUrl);
        Assert.Equal(new Uri($"http://127.0.0.1:{port}/readyz"), server.ReadyUrl);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server.MetricsUrl!)).Code);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(server.ReadyUrl!)).Code);
    }

    [Fact]
    public async Task After_stopping_nothing_listens_any_more()
    {
        var server = await ProbeServer.StartAsync(Options(), CancellationToken.None);
        var url = server.HealthUrl!;
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(url)).Code);

        await server.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync(url));
    }

    [Fact]
    public async Task A_bad_address_fails_the_start_with_its_name()
    {
        var error = await Assert.ThrowsAsync<FormatException>(() => ProbeServer.StartAsync(Options() with { ProbeAddress = "8081" }, CancellationToken.None));

        Assert.StartsWith("health probe bind address: '8081'", error.Message, StringComparison.Ordinal);
    }

    private static ProbeServerOptions Options() => new() { MetricsAddress = "127.0.0.1:0", ProbeAddress = "127.0.0.1:0" };

    private async Task<(HttpStatusCode Code, string Body)> GetAsync(Uri url)
    {
        using var response = await _http.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
