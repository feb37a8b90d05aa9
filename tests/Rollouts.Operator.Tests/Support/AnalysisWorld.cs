using Rollouts.Api.Analysis;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Operator.Hosting;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Support;

/// <summary>
/// The world of an AnalysisRun test: its own sandbox API server (no workloads), the CRDs applied with kubectl, and
/// the operator running in-process against it through a real client. Runs and Secrets are made with kubectl, as a
/// user would; the test waits for a run's phase with a deadline and reads the run as the server stores it.
/// </summary>
internal sealed class AnalysisWorld : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly KubernetesApiClient _client;
    private readonly Task _running;

    private AnalysisWorld(SandboxApi api, OperatorOptions options)
    {
        Api = api;
        State = new ServerState(api.Server);
        _client = api.CreateClient(new KubernetesClientOptions { Handler = SandboxApi.TrustingHandler(api.Server) });
        var host = new OperatorHost(_client, options);
        _running = Task.Run(() => host.RunAsync(_stopping.Token));
    }

    public SandboxApi Api { get; }

    public ServerState State { get; }

    public static async Task<AnalysisWorld> StartAsync(OperatorOptions? options = null)
    {
        var api = await SandboxApi.StartAsync(new ApiServerOptions { SimulateWorkloads = false });
        (await api.Kubectl.RunAsync("apply", "-f", RepositoryFiles.Crds)).EnsureSuccess();
        return new AnalysisWorld(api, options ?? new OperatorOptions());
    }

    public async Task ApplyAsync(string yaml) => (await Api.Kubectl.RunWithInputAsync(yaml, "apply", "-f", "-")).EnsureSuccess();

    public async Task KubectlAsync(params string[] args) => (await Api.Kubectl.RunAsync(args)).EnsureSuccess();

    public AnalysisRun Run(string name) => State.AnalysisRun(name) ?? throw new InvalidOperationException($"AnalysisRun {name} does not exist");

    /// <summary>Waits until the run has ended (any completed phase) and returns it.</summary>
    public async Task<AnalysisRun> WaitForEndAsync(string name, TimeSpan? deadline = null)
    {
        await Eventually.WaitUntilAsync(() => AnalysisPhase.IsCompleted(State.AnalysisRun(name)?.Status?.Phase),
            () => $"AnalysisRun {name} to end (at the deadline: {Describe(name)})", deadline ?? TimeSpan.FromSeconds(30));
        return Run(name);
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the run's status.</summary>
    public Task WaitForAsync(string name, Func<AnalysisRunStatus, bool> condition, string what) =>
        Eventually.WaitUntilAsync(() => State.AnalysisRun(name)?.Status is { } status && condition(status), () => $"{what} (at the deadline: {Describe(name)})",
            TimeSpan.FromSeconds(30));

    /// <summary>Waits until an event about the run has <paramref name="reason"/>, and returns it.</summary>
    public async Task<Event> WaitForEventAsync(string runName, string reason)
    {
        Event? found = null;
        await Eventually.WaitUntilAsync(() =>
        {
            found = State.Events().FirstOrDefault(e => e.InvolvedObject?.Name == runName && e.InvolvedObject.Kind == "AnalysisRun" && e.Reason == reason);
            return found is not null;
        }, $"an event {reason} on AnalysisRun {runName}");
        return found!;
    }

    private string Describe(string name) => State.AnalysisRunJson(name) is { } json && json.IndexOf("\"status\"", StringComparison.Ordinal) is var at and >= 0
        ? json[at..]
        : "no status";

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(20));
        _client.Dispose();
        _stopping.Dispose();
        await Api.DisposeAsync();
    }
}
