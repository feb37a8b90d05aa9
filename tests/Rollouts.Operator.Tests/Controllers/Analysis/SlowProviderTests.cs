using Rollouts.Api.Analysis;
using Rollouts.Operator.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Controllers.Analysis;

/// <summary>
/// A provider that is slow to answer holds up only its own run: other runs are measured meanwhile; and a query
/// past its timeout is an Error measurement.
/// </summary>
public sealed class SlowProviderTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AnalysisWorld _world = null!;
    private FakeHttpServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeHttpServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/slow")
            {
                // Answers once the test releases it, or never (until the client gives up).
                await _release.Task.WaitAsync(context.RequestAborted);
            }

            await FakeHttpServer.Json("""{"ok": 1}""")(context);
        });
        _world = await AnalysisWorld.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _world.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_run_waiting_on_a_slow_provider_does_not_hold_up_other_runs()
    {
        await _world.ApplyAsync(Run("slow", "slow", timeoutSeconds: 60));
        await Eventually.WaitUntilAsync(() => _server.Requests.Any(r => r.Path == "/slow"), "the slow run's request to be in flight");

        await _world.ApplyAsync(Run("fast", "fast", timeoutSeconds: 60));
        var fast = await _world.WaitForEndAsync("fast");

        Assert.Equal(AnalysisPhase.Successful, fast.Status!.Phase);
        Assert.False(AnalysisPhase.IsCompleted(_world.Run("slow").Status?.Phase));
        _release.SetResult();
        Assert.Equal(AnalysisPhase.Successful, (await _world.WaitForEndAsync("slow")).Status!.Phase);
    }

    [Fact]
    public async Task A_query_past_its_timeout_is_an_error_measurement()
    {
        await _world.ApplyAsync(Run("timed-out", "slow", timeoutSeconds: 1));

        var run = await _world.WaitForEndAsync("timed-out");

        Assert.Equal(AnalysisPhase.Error, run.Status!.Phase);
        var measurement = Assert.Single(Assert.Single(run.Status.MetricResults!).Measurements!);
        Assert.Equal($"request to {_server.Url}slow timed out after 1 s", measurement.Message);
    }

    private string Run(string name, string path, int timeoutSeconds) => $$"""
        apiVersion: rollouts.dev/v1alpha1
        kind: AnalysisRun
        metadata: {name: {{name}}}
        spec:
          metrics:
          - name: ok
            consecutiveErrorLimit: 0
            successCondition: result == 1
            provider:
              web: {url: "{{_server.Url}}{{path}}", jsonPath: $.ok, timeoutSeconds: {{timeoutSeconds}}}
        """;
}
