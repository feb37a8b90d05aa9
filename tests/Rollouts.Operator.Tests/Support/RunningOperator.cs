using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Client.Config;
using Rollouts.Operator.Hosting;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Support;

/// <summary>One operator process, in-process: an <see cref="OperatorHost"/> on its own client to the sandbox, until stopped.</summary>
internal sealed class RunningOperator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly KubernetesApiClient _client;

    public RunningOperator(SandboxApi api, TrafficChecks checks, string canaryIngress, OperatorOptions? options = null)
    {
        Writes = new OperatorWrites(SandboxApi.TrustingHandler(api.Server), checks, canaryIngress);
        _client = new KubernetesApiClient(
            KubernetesConnection.FromKubeConfig([api.KubeconfigPath]),
            new KubernetesClientOptions { Handler = Writes });
        Host = new OperatorHost(_client, (options ?? new OperatorOptions()) with { PlanObserved = checks.Plan });
        Writes.IsLeading = () => Host.IsLeading;
        Running = Task.Run(() => Host.RunAsync(_stopping.Token));
    }

    public OperatorWrites Writes { get; }

    public OperatorHost Host { get; }

    /// <summary>Completes when the host returned.</summary>
    public Task Running { get; }

    /// <summary>Stops the operator at its <paramref name="writes"/>-th write from now: once it is applied, or before it is sent.</summary>
    public void StopAtWrite(int writes, bool beforeSending = false) => Writes.StopAt(writes, _stopping.Cancel, beforeSending);

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await Running.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _client.Dispose();
        Writes.Dispose();
        _stopping.Dispose();
    }
}
