using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Testing;

namespace Rollouts.Sandbox.Tests.ApiServer.Server;

public sealed class FaultInjectionTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private SandboxApi _api = null!;

    public async Task InitializeAsync() => _api = await SandboxApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Requests_are_counted_by_verb_resource_and_code()
    {
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("a"));
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("a"));
        await _api.GetAsync($"{ConfigMaps}/a");
        await _api.GetAsync(ConfigMaps);
        await _api.PatchAsync($"{ConfigMaps}/a/status", "{}");

        var requests = _api.Server.Requests;
        Assert.Equal(1, requests.Count("create", "configmaps", 201));
        Assert.Equal(1, requests.Count("create", "configmaps", 409));
        Assert.Equal(1, requests.Count("get", "configmaps"));
        Assert.Equal(1, requests.Count("list", "configmaps"));
        Assert.Equal(0, requests.Count("patch", "configmaps"));
    }

    [Theory]
    [InlineData(500, "InternalError")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(409, "Conflict")]
    [InlineData(429, "TooManyRequests")]
    public async Task Error_rules_fail_matching_requests_with_the_chosen_code(int code, string reason)
    {
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("f"));
        using var rule = _api.Server.Faults.Add(new FaultRule { Verb = "get", Resource = "configmaps", ErrorRate = 1, ErrorCode = code, RetryAfterSeconds = 2 });

        using var response = await _api.Http.GetAsync($"{ConfigMaps}/f");
        var (listCode, _) = await _api.GetAsync(ConfigMaps);

        Assert.Equal(code, (int)response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        Assert.Equal(200, listCode);
        if (code == 429)
        {
            Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter!.Delta);
        }
    }

    [Fact]
    public async Task A_rule_with_a_count_fails_only_that_many_requests_and_removing_it_restores_service()
    {
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("n"));
        var rule = _api.Server.Faults.Add(new FaultRule { Resource = "configmaps", ErrorRate = 1, Times = 2 });

        var codes = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add((await _api.GetAsync($"{ConfigMaps}/n")).Code);
        }

        rule.Dispose();
        Assert.Equal([500, 500, 200], codes);
    }

    [Fact]
    public async Task Error_rate_fails_about_that_share_of_requests()
    {
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("r"));
        using var rule = _api.Server.Faults.Add(new FaultRule { Verb = "get", ErrorRate = 0.5 });

        var failures = 0;
        for (var i = 0; i < 200; i++)
        {
            failures += (await _api.GetAsync($"{ConfigMaps}/r")).Code == 500 ? 1 : 0;
        }

        Assert.InRange(failures, 60, 140);
    }

    [Fact]
    public async Task Latency_rules_delay_matching_requests()
    {
        using var rule = _api.Server.Faults.Add(new FaultRule { Verb = "list", Latency = TimeSpan.FromMilliseconds(300) });

        var started = TimeProvider.System.GetTimestamp();
        await _api.GetAsync(ConfigMaps);

        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Admin_endpoints_inject_faults_and_report_counts_for_other_processes()
    {
        await _api.SendAsync(HttpMethod.Post, "/sandbox/v1/faults", """{"verb":"list","resource":"configmaps","errorRate":1,"code":503}""");
        var (failed, _) = await _api.GetAsync(ConfigMaps);
        await _api.SendAsync(HttpMethod.Delete, "/sandbox/v1/faults");
        var (ok, _) = await _api.GetAsync(ConfigMaps);
        var (_, counts) = await _api.GetAsync("/sandbox/v1/requests");

        Assert.Equal(503, failed);
        Assert.Equal(200, ok);
        var lists = counts!["requests"]!.AsArray().Where(r => r!["verb"]!.GetValue<string>() == "list").ToDictionary(r => r!["code"]!.GetValue<int>(), r => r!["count"]!.GetValue<long>());
        Assert.Equal(1, lists[503]);
        Assert.Equal(1, lists[200]);
    }
}
