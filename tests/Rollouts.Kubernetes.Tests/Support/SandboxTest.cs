using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Testing;

namespace Rollouts.Kubernetes.Tests.Support;

/// <summary>
/// A test class with its own in-memory API server and a client built from the server's kubeconfig,
/// with typed clients for the resources the tests use.
/// </summary>
public abstract class SandboxTest : IAsyncLifetime
{
    private KubernetesApiClient? _client;

    protected SandboxApi Api { get; private set; } = null!;

    protected KubernetesApiClient Client => _client!;

    protected IResourceClient<KubernetesObject> ConfigMapClient => Client.Resource(ConfigMaps.Resource);

    protected IResourceClient<ReplicaSet> ReplicaSetClient => Client.Resource<ReplicaSet>();

    /// <summary>Options for the server; override to change bookmarks, history, ...</summary>
    protected virtual ApiServerOptions ServerOptions => new();

    public virtual async Task InitializeAsync()
    {
        // These tests pin API semantics: no simulated controllers writing beside them.
        Api = await SandboxApi.StartAsync(ServerOptions with { SimulateWorkloads = false });
        _client = Api.CreateClient();
    }

    public virtual async Task DisposeAsync()
    {
        _client?.Dispose();
        await Api.DisposeAsync();
    }

    /// <summary>Another client on the same server, e.g. with retries off or a handler that injects faults.</summary>
    protected KubernetesApiClient NewClient(KubernetesClientOptions options) => Api.CreateClient(options);

    /// <summary>Creates a namespace, so that tests in one server do not see each other's objects.</summary>
    protected async Task<string> CreateNamespaceAsync(string name)
    {
        var namespaces = Client.Resource(new ApiResource("", "v1", "namespaces", "Namespace", namespaced: false));
        await namespaces.CreateAsync(new KubernetesObject { ApiVersion = "v1", Kind = "Namespace", Metadata = new ObjectMeta { Name = name } });
        return name;
    }
}
