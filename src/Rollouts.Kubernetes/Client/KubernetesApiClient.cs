using System.Text.Json.Serialization.Metadata;
using Rollouts.Kubernetes.Client.Config;
using Rollouts.Kubernetes.Client.Http;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Client;

/// <summary>
/// The Kubernetes REST API over HTTP. Thread-safe; make one per cluster and share it. Requests are
/// paced by a token bucket (<see cref="KubernetesClientOptions.Qps"/> 50 per second sustained,
/// <see cref="KubernetesClientOptions.Burst"/> 100, by default), time out after 30 s (watches
/// excepted), are retried when safe (see <see cref="RetryPolicy"/>) and are measured on the meter
/// named in <see cref="KubernetesClientMetrics"/>.
/// </summary>
/// <example>
/// <code>
/// using var client = new KubernetesApiClient(KubernetesConnection.Load());
/// var replicaSets = client.Resource&lt;ReplicaSet&gt;();
/// var list = await replicaSets.ListAsync("shop", new ListOptions { LabelSelector = "app=web" }, ct);
/// </code>
/// </example>
public sealed class KubernetesApiClient : IKubernetesClient, IDisposable
{
    private readonly ApiTransport _transport;

    public KubernetesApiClient(KubernetesConnection connection, KubernetesClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new KubernetesClientOptions();
        Connection = connection;
        var handler = options.Handler ?? ConnectionHandler.Create(connection);
        _transport = new ApiTransport(connection.Server, handler, disposeHandler: options.Handler is null, connection.Token, options);
    }

    public KubernetesConnection Connection { get; }

    public IResourceClient<T> Resource<T>(ApiResource resource, JsonTypeInfo<T> typeInfo)
        where T : class, IKubernetesObject
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new ResourceClient<T>(_transport, resource, typeInfo);
    }

    public void Dispose() => _transport.Dispose();
}
