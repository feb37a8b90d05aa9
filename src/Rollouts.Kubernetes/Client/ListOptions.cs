namespace Rollouts.Kubernetes.Client;

/// <summary>Query of a list call.</summary>
public sealed record ListOptions
{
    /// <summary>For example <c>app=web,rollouts-pod-template-hash in (a,b)</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>For example <c>metadata.name=web</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Largest page the server may return; the rest comes through <see cref="Continue"/>.</summary>
    public int? Limit { get; init; }

    /// <summary>The token from the previous page's <c>metadata.continue</c>.</summary>
    public string? Continue { get; init; }

    /// <summary>Unset: the latest state (a quorum read). "0": any cached state, which is cheaper.</summary>
    public string? ResourceVersion { get; init; }
}
