using System.Text.Json.Serialization.Metadata;

namespace Rollouts.Kubernetes.Models;

/// <summary>Any object the API server stores: it has a kind, an API version and metadata.</summary>
public interface IKubernetesObject
{
    string? ApiVersion { get; }

    string? Kind { get; }

    ObjectMeta Metadata { get; }
}

/// <summary>
/// A typed object that knows which resource it is and how it is serialized, so that
/// <c>client.Resource&lt;ReplicaSet&gt;()</c> needs no further arguments.
/// </summary>
public interface IKubernetesObject<TSelf> : IKubernetesObject
    where TSelf : class, IKubernetesObject<TSelf>
{
    static abstract ApiResource Resource { get; }

    static abstract JsonTypeInfo<TSelf> JsonTypeInfo { get; }
}
