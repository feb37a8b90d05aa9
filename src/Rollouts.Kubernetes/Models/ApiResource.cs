namespace Rollouts.Kubernetes.Models;

/// <summary>
/// Names one kind of resource on the API server: its group and version, the plural used in URLs,
/// the kind written in objects, and whether objects live in a namespace. Describes the REST path
/// only; the C# type the objects deserialize into is chosen separately.
/// </summary>
public sealed record ApiResource
{
    public ApiResource(string group, string version, string plural, string kind, bool namespaced)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(plural);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (plural.Contains('/', StringComparison.Ordinal) || group.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Resource '{plural}' in group '{group}': names may not contain '/'.");
        }

        Group = group;
        Version = version;
        Plural = plural;
        Kind = kind;
        Namespaced = namespaced;
    }

    /// <summary>API group; empty for the core group (<c>/api/v1</c>).</summary>
    public string Group { get; }

    public string Version { get; }

    /// <summary>Lower-case plural used in URLs, e.g. <c>replicasets</c>.</summary>
    public string Plural { get; }

    public string Kind { get; }

    public bool Namespaced { get; }

    /// <summary><c>group/version</c>, or just the version for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The <c>plural.group</c> form kubectl prints, e.g. <c>replicasets.apps</c>.</summary>
    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
