using System.Text;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Client.Http;

/// <summary>Builds REST paths: <c>/apis/{group}/{version}[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]</c>.</summary>
internal static class ResourcePath
{
    public static string Collection(ApiResource resource, string? @namespace)
    {
        if (!resource.Namespaced && @namespace is not null)
        {
            throw new ArgumentException($"{resource} is cluster-scoped: pass no namespace (got '{@namespace}').", nameof(@namespace));
        }

        var path = new StringBuilder(resource.Group.Length == 0 ? "/api/" : $"/apis/{resource.Group}/").Append(resource.Version);
        if (@namespace is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
            path.Append("/namespaces/").Append(Uri.EscapeDataString(@namespace));
        }

        return path.Append('/').Append(resource.Plural).ToString();
    }

    public static string Item(ApiResource resource, string? @namespace, string name, string? subresource = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (resource.Namespaced && string.IsNullOrWhiteSpace(@namespace))
        {
            throw new ArgumentException($"{resource} is namespaced: pass the namespace of '{name}'.", nameof(@namespace));
        }

        var path = $"{Collection(resource, @namespace)}/{Uri.EscapeDataString(name)}";
        return subresource is null ? path : $"{path}/{subresource}";
    }

    /// <summary>Appends <c>?k=v&amp;...</c> for the parameters that have a value.</summary>
    public static string WithQuery(string path, params ReadOnlySpan<(string Name, string? Value)> parameters)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }
}
