using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Client.Config;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Cluster;

/// <summary>One connection to the API server for one command, and the namespace it works in.</summary>
internal sealed class ClusterSession : IDisposable
{
    private readonly KubernetesApiClient _client;

    private ClusterSession(KubernetesApiClient client, string @namespace)
    {
        _client = client;
        Namespace = @namespace;
    }

    public IKubernetesClient Client => _client;

    /// <summary>The namespace of <c>-n</c>, else of the kubeconfig context.</summary>
    public string Namespace { get; }

    public IResourceClient<Rollout> Rollouts => _client.Resource<Rollout>();

    public IResourceClient<ReplicaSet> ReplicaSets => _client.Resource<ReplicaSet>();

    public IResourceClient<AnalysisRun> AnalysisRuns => _client.Resource<AnalysisRun>();

    /// <summary>Resolves the kubeconfig as kubectl does and opens a client. A command line tool retries little: it fails fast and says why.</summary>
    public static ClusterSession Open(ClusterSettings settings)
    {
        var connection = KubernetesConnection.Load(settings.Kubeconfig, settings.Context);
        TrustWarmUp.Start(connection.CertificateAuthority);
        var client = new KubernetesApiClient(connection, new KubernetesClientOptions
        {
            UserAgent = "kubectl-rollouts",
            RequestTimeout = TimeSpan.FromSeconds(15),
            Retry = new RetryPolicy { MaxRetries = 1, InitialDelay = TimeSpan.FromMilliseconds(100) },
        });
        return new ClusterSession(client, string.IsNullOrWhiteSpace(settings.Namespace) ? connection.Namespace : settings.Namespace);
    }

    public void Dispose() => _client.Dispose();
}
