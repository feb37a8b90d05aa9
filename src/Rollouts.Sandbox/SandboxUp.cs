using Microsoft.Extensions.Logging;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Client.Config;
using Rollouts.Operator.Hosting;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.Prometheus;

namespace Rollouts.Sandbox;

/// <summary>
/// Everything on one machine: the in-memory API server with the workload simulator, the project's CRDs installed,
/// optionally a real Prometheus scraping the traffic simulator (its address given to the operator as the default
/// for metrics), and the operator running in the same process against the server through its kubeconfig, as it
/// would against a cluster. Dispose to stop the operator, then Prometheus, then the server.
/// </summary>
public sealed class SandboxUp : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly KubernetesApiClient _client;
    private readonly Task _operator;

    private SandboxUp(ApiServer.ApiServer server, string kubeconfigPath, PrometheusProcess? prometheus, OperatorOptions options, ILoggerFactory loggers)
    {
        Server = server;
        KubeconfigPath = kubeconfigPath;
        Prometheus = prometheus;
        var connection = KubernetesConnection.FromKubeConfig([kubeconfigPath]);
        _client = new KubernetesApiClient(connection, new KubernetesClientOptions { UserAgent = OperatorOptions.Component });
        var host = new OperatorHost(_client, options, loggers, connection.Namespace);
        Operator = host;
        _operator = Task.Run(() => host.RunAsync(_stopping.Token), CancellationToken.None);
    }

    public ApiServer.ApiServer Server { get; }

    /// <summary>The kubeconfig that reaches the server, for kubectl and the CLI.</summary>
    public string KubeconfigPath { get; }

    /// <summary>The operator running beside the server.</summary>
    public OperatorHost Operator { get; private set; } = null!;

    /// <summary>The Prometheus scraping the traffic simulator, when one was asked for and started.</summary>
    public PrometheusProcess? Prometheus { get; }

    /// <summary>
    /// Starts the server, installs the CRDs, writes the kubeconfig to <paramref name="kubeconfigPath"/>, starts
    /// Prometheus when <paramref name="startPrometheus"/> (the server must simulate traffic; Prometheus scrapes it)
    /// and starts the operator, with that Prometheus as its default address unless
    /// <paramref name="operatorOptions"/> names one.
    /// </summary>
    /// <exception cref="InvalidOperationException">Prometheus was asked for without traffic simulation, or it did not start.</exception>
    public static async Task<SandboxUp> StartAsync(
        ApiServerOptions serverOptions, string kubeconfigPath, ILoggerFactory serverLoggers, ILoggerFactory operatorLoggers,
        OperatorOptions? operatorOptions = null, bool startPrometheus = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serverOptions);
        if (startPrometheus && !serverOptions.SimulateTraffic)
        {
            throw new InvalidOperationException("Prometheus scrapes the traffic simulator: set ApiServerOptions.SimulateTraffic too.");
        }

        var server = new ApiServer.ApiServer(serverOptions, serverLoggers);
        PrometheusProcess? prometheus = null;
        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
            CrdInstaller.Install(server);
            var path = server.WriteKubeconfig(kubeconfigPath);
            if (startPrometheus)
            {
                prometheus = await StartPrometheusAsync(server, cancellationToken).ConfigureAwait(false);
            }

            var options = operatorOptions ?? new OperatorOptions { MetricsBindAddress = "127.0.0.1:0" };
            if (options.PrometheusAddress is null && prometheus is not null)
            {
                options = options with { PrometheusAddress = prometheus.Address };
            }

            return new SandboxUp(server, path, prometheus, options, operatorLoggers);
        }
        catch
        {
            if (prometheus is not null)
            {
                await prometheus.DisposeAsync().ConfigureAwait(false);
            }

            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts a Prometheus scraping <paramref name="server"/>'s traffic simulator every second.</summary>
    public static Task<PrometheusProcess> StartPrometheusAsync(ApiServer.ApiServer server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var metrics = (server.Traffic ?? throw new InvalidOperationException("The server does not simulate traffic.")).MetricsUrl;
        return PrometheusProcess.StartAsync([metrics.Authority], cancellationToken);
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
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync().ConfigureAwait(false);
        }

        await Server.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
