using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Traffic.GatewayApi;

/// <summary>
/// The HTTPRoutes of one Rollout as observed, and the actions that set their weights and header rules. A weight
/// counts as applied only once every gateway the route is attached to accepted the generation that holds it.
/// </summary>
internal sealed class GatewayApiRouter : ITrafficRouter
{
    private readonly string _stableService;
    private readonly string _canaryService;
    private readonly string? _namespace;
    private readonly IReadOnlyList<Entry> _entries;

    public GatewayApiRouter(Rollout rollout, GatewayApiTrafficRouting gateway, Observation observation)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(observation);
        var canary = rollout.Spec?.Strategy?.Canary ?? new CanaryStrategy();
        _stableService = canary.StableService ?? "";
        _canaryService = canary.CanaryService ?? "";
        _namespace = rollout.Metadata.Namespace;
        var routeNamespace = gateway.RouteNamespace(rollout.Metadata.Namespace);
        _entries = [.. gateway.RouteNames().Select(name =>
        {
            var route = observation.HttpRoutes.FirstOrDefault(r => r.Metadata.Name == name && (r.Metadata.Namespace ?? routeNamespace) == routeNamespace);
            var useHeaders = gateway.HttpRoutes?.FirstOrDefault(r => r.Name == name)?.UseHeaderRoutes != false;
            var problem = !observation.HttpRoutesServed
                ? $"HTTPRoute '{name}' (spec.strategy.canary.trafficRouting.gatewayAPI) cannot be read: the cluster did not serve HTTPRoutes (gateway.networking.k8s.io/v1) when the operator started; install the Gateway API CRDs and restart the operator"
                : route is null
                ? MissingReference.Message($"HTTPRoute '{name}'", "spec.strategy.canary.trafficRouting.gatewayAPI",
                    routeNamespace == rollout.Metadata.Namespace ? null : $" in namespace '{routeNamespace}'")
                : !HttpRouteRules.UserRules(route).Any(r => HttpRouteRules.SendsTo(r, _stableService, _namespace, route.Metadata.Namespace))
                    ? $"HTTPRoute '{name}' has no rule with a backendRef to the stable service '{_stableService}' (spec.strategy.canary.stableService)"
                    : null;
            return new Entry(name, route, useHeaders, problem);
        })];
    }

    public IReadOnlyList<string> Problems => [.. _entries.Where(e => e.Problem is not null).Select(e => e.Problem!)];

    public int ObservedWeight => _entries
        .Where(e => e.Route is not null)
        .Select(e => HttpRouteRules.WeightOf(e.Route!, _stableService, _canaryService, _namespace))
        .DefaultIfEmpty(0)
        .Max();

    public string? WaitingFor(int weight, IReadOnlyList<HeaderRoute> headers)
    {
        if (_entries.Count == 0)
        {
            return "spec.strategy.canary.trafficRouting.gatewayAPI names no HTTPRoute";
        }

        foreach (var entry in _entries)
        {
            if (entry.Problem is not null)
            {
                return entry.Problem;
            }

            var desired = Desired(entry, weight, headers);
            var what = Describe(weight, entry.UseHeaders ? headers : []);
            if (!HttpRouteRules.Matches(entry.Route!, desired))
            {
                return $"waiting for HTTPRoute '{entry.Name}' to hold {what}";
            }

            if (HttpRouteRules.NotAccepted(entry.Route!) is { } why)
            {
                return $"waiting for the gateway to accept HTTPRoute '{entry.Name}' generation {entry.Route!.Metadata.Generation ?? 0} ({what}): {why}";
            }
        }

        return null;
    }

    public (int Weight, IReadOnlyList<PlanAction> Actions) SetWeight(int proposed, IReadOnlyList<HeaderRoute> headers)
    {
        var weight = proposed;
        foreach (var entry in _entries.Where(e => e.Problem is not null))
        {
            weight = Math.Min(weight, entry.Route is null ? 0 : HttpRouteRules.WeightOf(entry.Route, _stableService, _canaryService, _namespace));
        }

        var actions = new List<PlanAction>();
        foreach (var entry in _entries.Where(e => e.Problem is null))
        {
            var desired = Desired(entry, weight, headers);
            if (!HttpRouteRules.Matches(entry.Route!, desired))
            {
                actions.Add(new ApplyHttpRoute(desired, weight, Restore: false));
            }
        }

        return (weight, actions);
    }

    public IReadOnlyList<PlanAction> Remove()
    {
        var actions = new List<PlanAction>();
        foreach (var entry in _entries.Where(e => e.Problem is null))
        {
            var desired = Desired(entry, 0, []);
            if (!HttpRouteRules.Matches(entry.Route!, desired))
            {
                actions.Add(new ApplyHttpRoute(desired, 0, Restore: true));
            }
        }

        return actions;
    }

    private HttpRoute Desired(Entry entry, int weight, IReadOnlyList<HeaderRoute> headers) =>
        HttpRouteRules.Desired(entry.Route!, _stableService, _canaryService, _namespace, weight, entry.UseHeaders ? headers : []);

    private static string Describe(int weight, IReadOnlyList<HeaderRoute> headers) =>
        headers.Count == 0 ? $"weight {weight}"
        : $"weight {weight} and header routes {string.Join(", ", headers.Select(h => $"{h.Name} ({h.Describe()})"))}";

    private sealed record Entry(string Name, HttpRoute? Route, bool UseHeaders, string? Problem);
}
