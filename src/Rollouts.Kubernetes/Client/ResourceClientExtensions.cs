using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Client;

/// <summary>Shorthands over <see cref="IKubernetesClient"/> and <see cref="IResourceClient{T}"/>.</summary>
public static class ResourceClientExtensions
{
    /// <summary>The client for a typed model: <c>client.Resource&lt;ReplicaSet&gt;()</c>.</summary>
    public static IResourceClient<T> Resource<T>(this IKubernetesClient client)
        where T : class, IKubernetesObject<T>
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.Resource(T.Resource, T.JsonTypeInfo);
    }

    /// <summary>A client for a resource without a model: objects come as <see cref="KubernetesObject"/>.</summary>
    public static IResourceClient<KubernetesObject> Resource(this IKubernetesClient client, ApiResource resource)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.Resource(resource, KubernetesJsonContext.Default.KubernetesObject);
    }

    /// <summary>The object, or null when it does not exist.</summary>
    public static async Task<T?> GetOrDefaultAsync<T>(this IResourceClient<T> client, string? @namespace, string name, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            return await client.GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Every page of a list, following continue tokens; <c>Metadata.ResourceVersion</c> is the
    /// snapshot's version, from which a watch can start. <see cref="GoneException"/> when a continue
    /// token expired: list again.
    /// </summary>
    /// <param name="transform">Applied to each item as its page comes in (what is kept of it); null keeps items whole.</param>
    public static async Task<KubernetesList<T>> ListAllAsync<T>(
        this IResourceClient<T> client,
        string? @namespace,
        ListOptions? options = null,
        CancellationToken cancellationToken = default,
        Func<T, T>? transform = null)
        where T : class, IKubernetesObject
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new ListOptions();
        var items = new List<T>();
        var undecodable = new List<string>();
        while (true)
        {
            var page = await client.ListAsync(@namespace, options, cancellationToken).ConfigureAwait(false);
            items.AddRange(transform is null ? page.Items : page.Items.Select(transform));
            undecodable.AddRange(page.Undecodable);
            if (string.IsNullOrEmpty(page.Metadata.Continue))
            {
                return page with { Metadata = page.Metadata with { Continue = null, RemainingItemCount = null }, Items = items, Undecodable = undecodable };
            }

            options = options with { Continue = page.Metadata.Continue, ResourceVersion = null };
        }
    }
}
