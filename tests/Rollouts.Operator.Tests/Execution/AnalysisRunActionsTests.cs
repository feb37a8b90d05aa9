using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Api.Analysis;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime;
using Rollouts.Operator.Controllers.Rollouts;
using Rollouts.Operator.Execution;
using Rollouts.Operator.Tests.Support;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Execution;

/// <summary>
/// The plan's analysis actions applied through the API: a run is created (a second create of the same run, as a
/// reconcile from a stale cache would make, is the same write done), terminate sets spec.terminate, delete removes it
/// (one already gone is fine), and each write is expected until the cache shows it.
/// </summary>
public sealed class AnalysisRunActionsTests : IAsyncLifetime
{
    private static readonly ObjectKey Rollout = new("default", "web");

    private readonly CancellationTokenSource _stopping = new();
    private SandboxApi _api = null!;
    private KubernetesApiClient _client = null!;
    private RolloutInformers _informers = null!;
    private Task _watching = null!;

    public async Task InitializeAsync()
    {
        _api = await SandboxApi.StartAsync(new ApiServerOptions { SimulateWorkloads = false });
        (await _api.Kubectl.RunAsync("apply", "-f", RepositoryFiles.Crds)).EnsureSuccess();
        _client = _api.CreateClient(new KubernetesClientOptions { Handler = SandboxApi.TrustingHandler(_api.Server) });
        _informers = new RolloutInformers(_client, null, TimeProvider.System, NullLoggerFactory.Instance);
        _watching = _informers.RunAsync(_stopping.Token);
        await _informers.WaitForSyncAsync(_stopping.Token);
    }

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _watching;
        _client.Dispose();
        await _api.DisposeAsync();
        _stopping.Dispose();
    }

    [Fact]
    public async Task A_run_is_created_once_and_terminated_with_spec_terminate()
    {
        var expectations = new WriteExpectations(TimeProvider.System, TimeSpan.FromSeconds(10));
        var executor = new ActionExecutor(_client, _informers, expectations);
        var run = new AnalysisRun
        {
            Metadata = new ObjectMeta { Name = "web-6d4f-2", Labels = new Dictionary<string, string> { ["rollouts-pod-template-hash"] = "6d4f" } },
            Spec = new AnalysisRunSpec { Metrics = [new Metric { Name = "rate", Provider = new MetricProvider { Prometheus = new PrometheusMetric { Query = "vector(1)" } } }] },
        };

        await executor.ApplyAsync(Rollout, new CreateAnalysisRun(run), CancellationToken.None);
        await executor.ApplyAsync(Rollout, new CreateAnalysisRun(run), CancellationToken.None);
        await Eventually.WaitUntilAsync(() => expectations.Unmet(Rollout) is null, "the cache to show the created run");

        var created = _informers.AnalysisRuns.Cache.Get(new ObjectKey("default", "web-6d4f-2"))!;
        Assert.Equal("6d4f", created.Metadata.Labels!["rollouts-pod-template-hash"]);
        Assert.Null(created.Spec!.Terminate);

        await executor.ApplyAsync(Rollout, new TerminateAnalysisRun("web-6d4f-2"), CancellationToken.None);
        await Eventually.WaitUntilAsync(() => expectations.Unmet(Rollout) is null, "the cache to show the terminated run");
        Assert.True(_informers.AnalysisRuns.Cache.Get(new ObjectKey("default", "web-6d4f-2"))!.Spec!.Terminate);

        await executor.ApplyAsync(Rollout, new TerminateAnalysisRun("already-deleted"), CancellationToken.None);

        await executor.ApplyAsync(Rollout, new DeleteAnalysisRun("web-6d4f-2"), CancellationToken.None);
        await Eventually.WaitUntilAsync(() => expectations.Unmet(Rollout) is null, "the cache to show the run deleted");
        Assert.Null(_informers.AnalysisRuns.Cache.Get(new ObjectKey("default", "web-6d4f-2")));
        await Assert.ThrowsAsync<NotFoundException>(() => _client.Resource<AnalysisRun>().GetAsync("default", "web-6d4f-2"));

        await executor.ApplyAsync(Rollout, new DeleteAnalysisRun("web-6d4f-2"), CancellationToken.None);
    }
}
