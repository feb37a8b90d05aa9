namespace Rollouts.Operator.Tests.Support;

/// <summary>What RBAC has to grant for one request: verb, API group and resource (with its subresource).</summary>
internal readonly record struct ApiPermission(string Verb, string Group, string Resource)
{
    /// <summary>The permission a request needs, from its method, path and query, as the API server's authorizer derives it.</summary>
    public static ApiPermission Of(HttpMethod method, Uri uri)
    {
        var parts = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (group, rest) = parts[0] == "api" ? ("", parts[2..]) : (parts[1], parts[3..]);
        if (rest.Length == 0)
        {
            return new ApiPermission("get", group, "");
        }

        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            rest = rest[2..];
        }

        var resource = rest.Length >= 3 ? $"{rest[0]}/{rest[2]}" : rest[0];
        var named = rest.Length >= 2;
        var watch = uri.Query.Contains("watch=true", StringComparison.Ordinal) || uri.Query.Contains("watch=1", StringComparison.Ordinal);
        var verb = method.Method switch
        {
            "GET" when watch => "watch",
            "GET" => named ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => named ? "delete" : "deletecollection",
            _ => method.Method.ToLowerInvariant(),
        };
        return new ApiPermission(verb, group, resource);
    }

    public override string ToString() => $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}";
}
