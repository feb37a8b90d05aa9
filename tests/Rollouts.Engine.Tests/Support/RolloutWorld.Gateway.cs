using System.Text.Json;
using Rollouts.Engine.Traffic.GatewayApi;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Support;

// HTTPRoutes and the gateway that accepts them: each write of a route's spec bumps its generation, and the gateway
// writes Accepted for the new generation on the next tick while GatewayAccepts is true.
internal sealed partial class RolloutWorld
{
    private readonly Dictionary<string, HttpRoute> _routes = new(StringComparer.Ordinal);

    /// <summary>While false the gateway writes no status: every route write stays unaccepted.</summary>
    public bool GatewayAccepts { get; set; } = true;

    public HttpRoute? Route(string name) => _routes.GetValueOrDefault(name);

    /// <summary>A route "web" of namespace "shop" attached to gateway "edge", with one rule to web-stable (and web-canary at 0 when asked).</summary>
    public static HttpRoute HttpRoute(bool withCanary = true, string backend = "web-stable") => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Generation = 1 },
        Spec = new HttpRouteSpec
        {
            ParentRefs = [JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["name"] = "edge" })],
            Rules =
            [
                new HttpRouteRule
                {
                    Matches = [new HttpRouteMatch { Path = new HttpPathMatch { Type = "PathPrefix", Value = "/" } }],
                    BackendRefs = withCanary
                        ? [new HttpBackendRef { Name = backend, Port = 80, Weight = 100 }, new HttpBackendRef { Name = "web-canary", Port = 80, Weight = 0 }]
                        : [new HttpBackendRef { Name = backend, Port = 80 }],
                },
            ],
        },
    };

    /// <summary>False: the operator found no HTTPRoute API when it started (it watches none).</summary>
    public bool HttpRoutesServed { get; set; } = true;

    public void PutRoute(HttpRoute route) => _routes[route.Metadata.Name!] = route;

    /// <summary>The canary weight of route "web" as the gateway applies it (only an accepted generation counts), or null without one.</summary>
    public int? AcceptedRouteWeight =>
        Route("web") is { } route && HttpRouteRules.NotAccepted(route) is null ? HttpRouteRules.WeightOf(route, "web-stable", "web-canary", "shop") : null;

    private void ApplyRoute(ApplyHttpRouteWrite write)
    {
        var observed = _routes[write.Route.Metadata.Name!];
        var generation = (observed.Metadata.Generation ?? 1) + 1;
        _routes[write.Route.Metadata.Name!] = write.Route with
        {
            Metadata = write.Route.Metadata with { Generation = generation },
            Status = observed.Status,
        };
    }

    /// <summary>The gateway: Accepted=True for the current generation of every route; true when it wrote a status.</summary>
    private bool TickGateway()
    {
        if (!GatewayAccepts)
        {
            return false;
        }

        var wrote = false;
        foreach (var (name, route) in _routes.ToList())
        {
            if (HttpRouteRules.NotAccepted(route) is null)
            {
                continue;
            }

            _routes[name] = route with
            {
                Status = new HttpRouteStatus
                {
                    Parents =
                    [
                        new RouteParentStatus
                        {
                            ParentRef = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["name"] = "edge" }),
                            ControllerName = "example.com/gateway",
                            Conditions = [new ResourceCondition { Type = "Accepted", Status = "True", ObservedGeneration = route.Metadata.Generation, Reason = "Accepted" }],
                        },
                    ],
                },
            };
            wrote = true;
        }

        return wrote;
    }

    private sealed record ApplyHttpRouteWrite(HttpRoute Route);
}
