using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.ApiServer.Discovery;

/// <summary>
/// Aggregated discovery (<c>APIGroupDiscoveryList</c>, apidiscovery.k8s.io/v2): every resource of every
/// version in one document, for <c>/api</c> (the core group) and <c>/apis</c> (the named groups).
/// It must be sent with exactly <see cref="ContentType"/>; with plain application/json kubectl sees no types.
/// </summary>
public static class AggregatedDiscovery
{
    public const string ContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /// <summary>The document for <c>/api</c>: the core group alone.</summary>
    public static JsonObject ForCoreGroup(ResourceRegistry registry) =>
        List(registry, registry.Groups.Where(g => g.Name.Length == 0));

    /// <summary>The document for <c>/apis</c>: every named group, in discovery order.</summary>
    public static JsonObject ForNamedGroups(ResourceRegistry registry) =>
        List(registry, registry.Groups.Where(g => g.Name.Length > 0));

    private static JsonObject List(ResourceRegistry registry, IEnumerable<ApiGroupVersions> groups) => new()
    {
        ["kind"] = "APIGroupDiscoveryList",
        ["apiVersion"] = "apidiscovery.k8s.io/v2",
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray([.. groups.Select(g => (JsonNode)Group(registry, g))]),
    };

    private static JsonObject Group(ResourceRegistry registry, ApiGroupVersions group) => new()
    {
        ["metadata"] = group.Name.Length == 0 ? new JsonObject() : new JsonObject { ["name"] = group.Name },
        ["versions"] = new JsonArray([.. group.Versions.Select(v => (JsonNode)new JsonObject
        {
            ["version"] = v,
            ["resources"] = new JsonArray([.. registry.InGroupVersion(group.Name, v).Select(t => (JsonNode)Resource(t))]),
            ["freshness"] = "Current",
        })]),
    };

    private static JsonObject Resource(ResourceType type)
    {
        var resource = new JsonObject
        {
            ["resource"] = type.Plural,
            ["responseKind"] = JsonBuild.Gvk(type.Group, type.Version, type.Kind),
            ["scope"] = type.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = type.Singular,
            ["verbs"] = JsonBuild.Strings(type.Verbs),
        };
        if (!type.ShortNames.IsEmpty)
        {
            resource["shortNames"] = JsonBuild.Strings(type.ShortNames);
        }
        if (!type.Categories.IsEmpty)
        {
            resource["categories"] = JsonBuild.Strings(type.Categories);
        }
        var subresources = Subresource.Of(type).ToList();
        if (subresources.Count > 0)
        {
            resource["subresources"] = new JsonArray([.. subresources.Select(s => (JsonNode)new JsonObject
            {
                ["subresource"] = s.Name,
                ["responseKind"] = JsonBuild.Gvk(s.Group, s.Version, s.Kind),
                ["verbs"] = JsonBuild.Strings(Subresource.Verbs),
            })]);
        }
        return resource;
    }
}
