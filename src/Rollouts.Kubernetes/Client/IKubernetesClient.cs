using System.Text.Json.Serialization.Metadata;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Client;

/// <summary>
/// The Kubernetes API as Rollouts uses it: one <see cref="IResourceClient{T}"/> per resource.
/// <see cref="KubernetesApiClient"/> talks HTTP; tests and other hosts may supply their own.
/// </summary>
public interface IKubernetesClient
{
    /// <summary>
    /// A client for one resource whose objects (de)serialize through <paramref name="typeInfo"/>.
    /// For typed models prefer <c>client.Resource&lt;ReplicaSet&gt;()</c>; for resources without a
    /// model use <c>client.Resource(apiResource)</c>, which yields <see cref="KubernetesObject"/>s.
    /// </summary>
    IResourceClient<T> Resource<T>(ApiResource resource, JsonTypeInfo<T> typeInfo)
        where T : class, IKubernetesObject;
}
