using System.Collections.Immutable;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.ApiServer.Discovery;

/// <summary>A subresource as discovery advertises it: its name, the kind its endpoint returns, and its verbs.</summary>
internal sealed record Subresource(string Name, string Group, string Version, string Kind)
{
    public static readonly ImmutableArray<string> Verbs = ["get", "patch", "update"];

    /// <summary>The served subresources of <paramref name="type"/>, by name (scale before status).</summary>
    public static IEnumerable<Subresource> Of(ResourceType type)
    {
        if (type.Scale is not null)
        {
            yield return new("scale", "autoscaling", "v1", "Scale");
        }
        if (type.HasStatus)
        {
            yield return new("status", type.Group, type.Version, type.Kind);
        }
    }
}
