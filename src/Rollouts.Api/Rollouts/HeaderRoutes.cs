using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rollouts.Api.Schema;

namespace Rollouts.Api.Rollouts;

/// <summary>trafficRouting.managedRoutes[i]: a route the operator may add for setHeaderRoute steps.</summary>
public sealed record ManagedRoute
{
    [Description("Name of the route, as setHeaderRoute.name gives it.")]
    [RequiredField]
    public string? Name { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>
/// The step setHeaderRoute: requests whose headers match go to the canary whatever the weight. Without match, the
/// route of that name is removed. Every header route is removed when the update ends.
/// </summary>
public sealed record SetHeaderRoute
{
    [Description("Name of the route; one of trafficRouting.managedRoutes.")]
    public string? Name { get; init; }

    [Description("Headers a request must carry to go to the canary, all of them. Leave it out to remove the route.")]
    public IReadOnlyList<HeaderRoutingMatch>? Match { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>One header a request must carry.</summary>
public sealed record HeaderRoutingMatch
{
    [Description("Name of the header.")]
    [RequiredField]
    public string? HeaderName { get; init; }

    [Description("The value: exactly one of exact, prefix or regex.")]
    public StringMatch? HeaderValue { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A string matched exactly, by prefix, or by a regular expression; exactly one is set.</summary>
public sealed record StringMatch
{
    [Description("The whole value.")]
    public string? Exact { get; init; }

    [Description("The start of the value.")]
    public string? Prefix { get; init; }

    [Description("A regular expression the whole value matches (RE2 syntax as the router reads it).")]
    public string? Regex { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
