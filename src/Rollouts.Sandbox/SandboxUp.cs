using Microsoft.Extensions.Logging;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Client.Config;
using Rollouts.Operator.Hosting;
using Rollouts.Sandbox.ApiServer;

namespace Rollouts.Sandbox;

/// <summary>
/// Everything on one machine: the in-memory API server with the workload simulator, the project's CRDs installed,
/// and the operator running in the same process against the server through its kubeconfig, as it would against
/// a cluster. Dispose to stop the operator, then the server.
/// </summary>
public sealed class SandboxUp : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly KubernetesApiClient _client;
    private readonly Task _operator;

    private SandboxUp(ApiServer.ApiServer server, string kubeconfigPath, OperatorOptions options, ILoggerFactory loggers)
    {
        Server = server;
        KubeconfigPath = kubeconfigPath;
        var connection = KubernetesConnection.FromKubeConfig([kubeconfigPath]);
        _client = new KubernetesApiClient(connection, new KubernetesClientOptions { UserAgent = OperatorOptions.Component });
        var host = new OperatorHost(_client, options, loggers, connection.Namespace);
        _operator = Task.Run(() => host.RunAsync(_stopping.Token), CancellationToken.None);
    }

    public ApiServer.ApiServer Server { get; }

    /// <summary>The kubeconfig that reaches the server, for kubectl and the CLI.</summary>
    public string KubeconfigPath { get; }

    /// <summary>Starts the server, installs the CRDs, writes the kubeconfig to <paramref name="kubeconfigPath"/> and starts the operator.</summary>
    public static async Task<SandboxUp> StartAsync(
        ApiServerOptions serverOptions, string kubeconfigPath, ILoggerFactory serverLoggers, ILoggerFactory operatorLoggers,
        OperatorOptions? operatorOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serverOptions);
        var server = new ApiServer.ApiServer(serverOptions, serverLoggers);
        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
            CrdInstaller.Install(server);
            var path = server.WriteKubeconfig(kubeconfigPath);
            return new SandboxUp(server, path, operatorOptions ?? new OperatorOptions(), operatorLoggers);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _operator.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _client.Dispose();
        await Server.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
