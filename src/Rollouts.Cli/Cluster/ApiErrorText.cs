using System.Net.Http;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Client.Config;

namespace Rollouts.Cli.Cluster;

/// <summary>Turns what went wrong talking to the cluster into one line a user can act on.</summary>
internal static class ApiErrorText
{
    /// <summary>The message for a failure, or null when it is not one the plugin expects (a bug).</summary>
    public static string? Describe(Exception error) => error switch
    {
        KubernetesConfigurationException e => $"kubeconfig: {e.Message}",
        UnauthorizedException => "Unauthorized: the server did not accept the credentials of the kubeconfig context (expired or wrong token or certificate?)",
        ForbiddenException e => $"Forbidden: you may not {Verb(e.Request)} {Resource(e.Request)}: {e.Status.Message}",
        NotFoundException e => $"not found: {e.Status.Message ?? Resource(e.Request)}",
        KubernetesApiException e => $"the server refused {Verb(e.Request)} {Resource(e.Request)}: {e.Status.Message} ({e.Reason}, {e.Code})",
        HttpRequestException e => $"cannot reach the API server: {e.InnerException?.Message ?? e.Message}",
        TimeoutException e => $"the API server did not answer: {e.Message}",
        _ => null,
    };

    /// <summary>The verb of a request such as <c>PATCH /apis/rollouts.dev/v1alpha1/namespaces/a/rollouts/web/status</c>.</summary>
    public static string Verb(string? request)
    {
        var (method, path) = Split(request);
        var parts = Parts(path);
        var named = parts.Name is not null;
        return method switch
        {
            "GET" when path.Contains("watch=", StringComparison.Ordinal) => "watch",
            "GET" => named ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
    }

    /// <summary>The resource of a request, as RBAC names it: <c>rollouts.rollouts.dev/status "web" in namespace "a"</c>.</summary>
    public static string Resource(string? request)
    {
        var (_, path) = Split(request);
        var parts = Parts(path);
        if (parts.Plural is null)
        {
            return path.Length == 0 ? "the resource" : path;
        }

        var text = parts.Group.Length == 0 ? parts.Plural : $"{parts.Plural}.{parts.Group}";
        if (parts.Subresource is not null)
        {
            text += "/" + parts.Subresource;
        }

        if (parts.Name is not null)
        {
            text += $" \"{parts.Name}\"";
        }

        return parts.Namespace is null ? text : $"{text} in namespace \"{parts.Namespace}\"";
    }

    private static (string Method, string Path) Split(string? request)
    {
        if (string.IsNullOrEmpty(request))
        {
            return ("", "");
        }

        var space = request.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? ("", request) : (request[..space], request[(space + 1)..]);
    }

    private static (string Group, string? Namespace, string? Plural, string? Name, string? Subresource) Parts(string path)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var segments = (query < 0 ? path : path[..query]).Split('/', StringSplitOptions.RemoveEmptyEntries);
        int rest;
        string group;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            group = "";
            rest = 2;
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            group = segments[1];
            rest = 3;
        }
        else
        {
            return ("", null, null, null, null);
        }

        string? ns = null;
        if (segments.Length > rest + 1 && segments[rest] == "namespaces")
        {
            ns = segments[rest + 1];
            rest += 2;
        }

        string? At(int i) => segments.Length > i ? Uri.UnescapeDataString(segments[i]) : null;
        return (group, ns, At(rest), At(rest + 1), At(rest + 2));
    }
}
