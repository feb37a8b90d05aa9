using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.ApiServer.Discovery;

/// <summary>
/// Legacy (unaggregated) discovery: <c>APIVersions</c> at /api, <c>APIGroupList</c> at /apis,
/// <c>APIGroup</c> at /apis/{group} and an <c>APIResourceList</c> per group-version, where
/// subresources appear as "pods/status", "deployments/scale".
/// </summary>
public static class LegacyDiscovery
{
    /// <summary>The /api document. <paramref name="serverAddress"/> is host:port as clients reach the server.</summary>
    public static JsonObject ApiVersions(ResourceRegistry registry, string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = JsonBuild.Strings(registry.FindGroup("")?.Versions ?? []),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
        {
            ["clientCIDR"] = "0.0.0.0/0",
            ["serverAddress"] = serverAddress,
        }),
    };

    /// <summary>The /apis document: every named group with its versions and preferred version.</summary>
    public static JsonObject ApiGroupList(ResourceRegistry registry) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. registry.Groups.Where(g => g.Name.Length > 0).Select(g => (JsonNode)GroupBody(g))]),
    };

    /// <summary>The /apis/{group} document, or null when the group is not served.</summary>
    public static JsonObject? ApiGroup(ResourceRegistry registry, string group)
    {
        if (group.Length == 0 || registry.FindGroup(group) is not { } found)
        {
            return null;
        }
        return GroupBody(found, new JsonObject { ["kind"] = "APIGroup", ["apiVersion"] = "v1" });
    }

    /// <summary>The /api/v1 or /apis/{group}/{version} document, or null when the group-version is not served.</summary>
    public static JsonObject? ApiResourceList(ResourceRegistry registry, string group, string version)
    {
        var types = registry.InGroupVersion(group, version);
        if (types.IsEmpty)
        {
            return null;
        }
        var resources = new JsonArray();
        foreach (var type in types)
        {
            resources.Add(Resource(type));
            foreach (var sub in Subresource.Of(type))
            {
                var entry = new JsonObject
                {
                    ["name"] = $"{type.Plural}/{sub.Name}",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                };
                if (sub.Group != type.Group || sub.Version != type.Version)
                {
                    entry["group"] = sub.Group;
                    entry["version"] = sub.Version;
                }
                entry["kind"] = sub.Kind;
                entry["verbs"] = JsonBuild.Strings(Subresource.Verbs);
                resources.Add(entry);
            }
        }
        var document = new JsonObject { ["kind"] = "APIResourceList" };
        if (group.Length > 0)
        {
            // The core group's list carries no apiVersion; named groups' lists do.
            document["apiVersion"] = "v1";
        }
        document["groupVersion"] = types[0].GroupVersion;
        document["resources"] = resources;
        return document;
    }

    private static JsonObject GroupBody(ApiGroupVersions group, JsonObject? into = null)
    {
        var body = into ?? [];
        body["name"] = group.Name;
        body["versions"] = new JsonArray([.. group.Versions.Select(v => (JsonNode)GroupVersion(group, v))]);
        body["preferredVersion"] = GroupVersion(group, group.PreferredVersion);
        return body;
    }

    private static JsonObject GroupVersion(ApiGroupVersions group, string version) => new()
    {
        ["groupVersion"] = group.GroupVersion(version),
        ["version"] = version,
    };

    private static JsonObject Resource(ResourceType type)
    {
        var resource = new JsonObject
        {
            ["name"] = type.Plural,
            ["singularName"] = type.Singular,
            ["namespaced"] = type.Namespaced,
            ["kind"] = type.Kind,
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
        return resource;
    }
}
