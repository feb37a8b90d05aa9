namespace Rollouts.Sandbox.ApiServer.Http;

/// <summary>
/// A resource URL taken apart: /api/v1[/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]] and
/// /apis/GROUP/VERSION[/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]].
/// </summary>
public sealed record ApiPath(string Group, string Version, string? Namespace, string Resource, string? Name, string? Subresource)
{
    /// <summary>Parses a resource path; null when the path is not one (discovery, openapi, unknown).</summary>
    public static ApiPath? Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string version;
        int rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            group = "";
            version = segments[1];
            rest = 2;
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            group = segments[1];
            version = segments[2];
            rest = 3;
        }
        else
        {
            return null;
        }

        var tail = segments[rest..];
        string? ns = null;
        // /namespaces/NS/RESOURCE... is a namespaced resource; /namespaces[/NAME[/status|finalize]] is the namespace itself.
        if (tail.Length >= 3 && tail[0] == "namespaces" && !(group.Length == 0 && tail.Length == 3 && tail[2] is "status" or "finalize"))
        {
            ns = Uri.UnescapeDataString(tail[1]);
            tail = tail[2..];
        }

        return tail.Length switch
        {
            1 => new ApiPath(group, version, ns, tail[0], null, null),
            2 => new ApiPath(group, version, ns, tail[0], Uri.UnescapeDataString(tail[1]), null),
            3 => new ApiPath(group, version, ns, tail[0], Uri.UnescapeDataString(tail[1]), tail[2]),
            _ => null,
        };
    }
}
