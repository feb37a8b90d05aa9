using Microsoft.AspNetCore.Http;
using Rollouts.Api.Analysis;
using Rollouts.Operator.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Controllers.Analysis;

/// <summary>
/// AnalysisRuns made by hand with kubectl, measured by the operator against local HTTP servers: credentials from a
/// Secret reach the provider but never the run's status; an unreachable address ends the run in Error after its
/// consecutiveErrorLimit; a missing Secret ends it at once; terminating it ends it with the results it has.
/// </summary>
public sealed class AnalysisRunControllerTests : IAsyncLifetime
{
    private const string Token = "s3cr3t-metrics-token";

    private AnalysisWorld _world = null!;
    private FakeHttpServer _metrics = null!;

    public async Task InitializeAsync()
    {
        _metrics = await FakeHttpServer.StartAsync(async context =>
        {
            if (context.Request.Headers.Authorization != $"Bearer {Token}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await FakeHttpServer.Json("""{"data": {"ok": 1}}""")(context);
        });
        _world = await AnalysisWorld.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        await _metrics.DisposeAsync();
    }

    [Fact]
    public async Task A_token_from_a_secret_is_sent_to_the_provider_and_never_written_to_the_run()
    {
        await _world.KubectlAsync("create", "secret", "generic", "metrics-token", $"--from-literal=token={Token}");

        await _world.ApplyAsync(WebRun("with-token", secretName: "metrics-token", count: "count: 2"));
        var run = await _world.WaitForEndAsync("with-token");

        Assert.True(run.Status!.Phase == AnalysisPhase.Successful, run.Status.Message);
        Assert.Equal(2, Assert.Single(run.Status.MetricResults!).Successful);
        var requests = _metrics.Requests.Where(r => r.Path == "/health").ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal($"Bearer {Token}", r.Headers["Authorization"]));
        Assert.DoesNotContain(Token, _world.State.AnalysisRunJson("with-token"), StringComparison.Ordinal);
        Assert.DoesNotContain(_world.State.Events(), e => e.Message?.Contains(Token, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_run_naming_a_missing_secret_ends_in_error_saying_which_secret()
    {
        await _world.ApplyAsync(WebRun("no-secret", secretName: "absent", count: "count: 2"));

        var run = await _world.WaitForEndAsync("no-secret");

        Assert.Equal(AnalysisPhase.Error, run.Status!.Phase);
        Assert.Equal(
            "metric \"health\" cannot be measured: argument \"token\" (spec.args[0].valueFrom.secretKeyRef): Secret \"default/absent\" not found",
            run.Status.Message);
        Assert.Empty(_metrics.Requests);
        var warning = await _world.WaitForEventAsync("no-secret", "AnalysisRunError");
        Assert.Equal(("Warning", run.Status.Message), (warning.Type, warning.Message));
    }

    [Fact]
    public async Task An_unreachable_address_ends_the_run_in_error_after_its_consecutive_error_limit()
    {
        var closed = $"127.0.0.1:{PrometheusServer.FreePort()}";
        await _world.ApplyAsync($$"""
            apiVersion: rollouts.dev/v1alpha1
            kind: AnalysisRun
            metadata: {name: unreachable}
            spec:
              metrics:
              - name: error-ratio
                interval: 1s
                count: 3
                consecutiveErrorLimit: 1
                successCondition: result[0] < 0.05
                provider:
                  prometheus:
                    address: http://{{closed}}
                    query: checkout_error_ratio
            """);

        var run = await _world.WaitForEndAsync("unreachable");

        Assert.Equal(AnalysisPhase.Error, run.Status!.Phase);
        Assert.StartsWith("metric \"error-ratio\" errored: 2 errors in a row, more than consecutiveErrorLimit 1", run.Status.Message, StringComparison.Ordinal);
        var measurements = Assert.Single(run.Status.MetricResults!).Measurements!;
        Assert.Equal(2, measurements.Count);
        Assert.All(measurements, m =>
        {
            Assert.Equal(AnalysisPhase.Error, m.Phase);
            Assert.StartsWith($"request to http://{closed}/ failed: Connection refused", m.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_terminated_run_stops_measuring_and_ends_with_the_results_it_has()
    {
        await _world.KubectlAsync("create", "secret", "generic", "metrics-token", $"--from-literal=token={Token}");
        await _world.ApplyAsync(WebRun("endless", secretName: "metrics-token", count: ""));
        await _world.WaitForAsync("endless", s => s.MetricResults?.FirstOrDefault()?.Successful >= 1, "a first measurement of run endless");

        await _world.KubectlAsync("patch", "analysisrun", "endless", "--type", "merge", "-p", """{"spec":{"terminate":true}}""");
        var run = await _world.WaitForEndAsync("endless");

        Assert.Equal((AnalysisPhase.Successful, "the run was terminated and no metric failed"), (run.Status!.Phase, run.Status.Message));
        var result = Assert.Single(run.Status.MetricResults!);
        Assert.Equal(AnalysisPhase.Successful, result.Phase);
        Assert.Equal(result.Count, result.Successful);
    }

    [Fact]
    public async Task An_invalid_run_ends_in_error_naming_the_field_without_measuring()
    {
        await _world.ApplyAsync($$"""
            apiVersion: rollouts.dev/v1alpha1
            kind: AnalysisRun
            metadata: {name: invalid}
            spec:
              metrics:
              - name: health
                successCondition: result >>> 1
                provider:
                  web: {url: "{{_metrics.Url}}health", jsonPath: $.data.ok}
            """);

        var run = await _world.WaitForEndAsync("invalid");

        Assert.Equal(AnalysisPhase.Error, run.Status!.Phase);
        Assert.StartsWith("the AnalysisRun is invalid: spec.metrics[0].successCondition: \"result >>> 1\" is not a valid condition", run.Status.Message, StringComparison.Ordinal);
        Assert.Empty(_metrics.Requests);
        Assert.Equal("Warning", (await _world.WaitForEventAsync("invalid", "AnalysisRunError")).Type);
    }

    /// <summary>A run with a web metric that sends a bearer token taken from a Secret, every second.</summary>
    private string WebRun(string name, string secretName, string count) => $$$"""
        apiVersion: rollouts.dev/v1alpha1
        kind: AnalysisRun
        metadata: {name: {{{name}}}}
        spec:
          args:
          - name: token
            valueFrom: {secretKeyRef: {name: {{{secretName}}}, key: token}}
          metrics:
          - name: health
            interval: 1s
            {{{count}}}
            successCondition: result == 1
            provider:
              web:
                url: {{{_metrics.Url}}}health
                jsonPath: $.data.ok
                headers:
                - {key: Authorization, value: "Bearer {{args.token}}"}
        """;
}
