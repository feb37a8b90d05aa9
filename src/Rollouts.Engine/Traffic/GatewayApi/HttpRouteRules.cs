using System.Text.Json;
using Rollouts.Engine.Hashing;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Traffic.GatewayApi;

/// <summary>
/// The rules of an HTTPRoute as the operator wants them: in every rule that has a backendRef to the stable service,
/// that backendRef at 100 − w and one to the canary service at w (added beside it when missing); and one rule per
/// header route at the end of the rules, sending requests with those headers to the canary alone. The rules the
/// operator added are listed in the annotation <see cref="ManagedRulesAnnotation"/> and are always the last ones.
/// </summary>
public static class HttpRouteRules
{
    /// <summary>The names of the header routes whose rules are the last rules of the route, comma-separated.</summary>
    public const string ManagedRulesAnnotation = "rollouts.dev/managed-rules";

    /// <summary>True when <paramref name="rule"/> has a backendRef to the Service <paramref name="service"/> of <paramref name="ns"/>.</summary>
    public static bool SendsTo(HttpRouteRule rule, string service, string? ns, string? routeNamespace) =>
        (rule.BackendRefs ?? []).Any(b => IsService(b, service, ns, routeNamespace));

    /// <summary>The rules the user wrote: all but the managed ones at the end.</summary>
    public static IReadOnlyList<HttpRouteRule> UserRules(HttpRoute route)
    {
        var rules = route.Spec?.Rules ?? [];
        var managed = ManagedNames(route).Count;
        return managed <= rules.Count ? [.. rules.Take(rules.Count - managed)] : rules;
    }

    /// <summary>The header routes the annotation lists as the route's last rules.</summary>
    public static IReadOnlyList<string> ManagedNames(HttpRoute route) =>
        route.Metadata.Annotations?.TryGetValue(ManagedRulesAnnotation, out var names) == true && names.Length > 0
            ? names.Split(',')
            : [];

    /// <summary>
    /// The canary weight the route holds: the canary's share (0..100, rounded down) of the first rule that sends to
    /// the stable service; 0 when it has no canary backendRef.
    /// </summary>
    public static int WeightOf(HttpRoute route, string stableService, string canaryService, string? ns)
    {
        var rule = UserRules(route).FirstOrDefault(r => SendsTo(r, stableService, ns, route.Metadata.Namespace));
        if (rule is null)
        {
            return 0;
        }

        var stable = (rule.BackendRefs ?? []).Where(b => IsService(b, stableService, ns, route.Metadata.Namespace)).Sum(b => b.Weight ?? 1);
        var canary = (rule.BackendRefs ?? []).Where(b => IsService(b, canaryService, ns, route.Metadata.Namespace)).Sum(b => b.Weight ?? 1);
        return stable + canary <= 0 ? 0 : (int)((long)canary * 100 / (stable + canary));
    }

    /// <summary><paramref name="route"/> with the weights and header rules for <paramref name="weight"/> and <paramref name="headers"/>.</summary>
    public static HttpRoute Desired(HttpRoute route, string stableService, string canaryService, string? ns, int weight, IReadOnlyList<HeaderRoute> headers)
    {
        ArgumentNullException.ThrowIfNull(route);
        var routeNamespace = route.Metadata.Namespace;
        var rules = new List<HttpRouteRule>();
        var stableRules = new List<HttpRouteRule>();
        foreach (var rule in UserRules(route))
        {
            if (!SendsTo(rule, stableService, ns, routeNamespace))
            {
                rules.Add(rule);
                continue;
            }

            var refs = new List<HttpBackendRef>();
            HttpBackendRef? stableRef = null;
            var stableIndex = -1;
            var hasCanary = false;
            foreach (var backend in rule.BackendRefs ?? [])
            {
                if (IsService(backend, stableService, ns, routeNamespace))
                {
                    if (stableRef is null)
                    {
                        (stableRef, stableIndex) = (backend, refs.Count);
                    }

                    refs.Add(backend with { Weight = 100 - weight });
                }
                else if (IsService(backend, canaryService, ns, routeNamespace))
                {
                    hasCanary = true;
                    refs.Add(backend with { Weight = weight });
                }
                else
                {
                    refs.Add(backend);
                }
            }

            if (!hasCanary)
            {
                refs.Insert(stableIndex + 1, CanaryRef(stableRef!, canaryService, weight));
            }

            var changed = rule with { BackendRefs = refs };
            rules.Add(changed);
            stableRules.Add(changed);
        }

        var managed = new List<string>();
        foreach (var header in headers)
        {
            var matches = stableRules
                .SelectMany(r => r.Matches is { Count: > 0 } m ? m : [new HttpRouteMatch()])
                .Select(m => m with { Headers = [.. m.Headers ?? [], .. header.Match.Select(HeaderMatch)] })
                .ToList();
            var canaryRef = stableRules.SelectMany(r => r.BackendRefs ?? []).First(b => IsService(b, canaryService, ns, routeNamespace));
            rules.Add(new HttpRouteRule { Matches = matches, BackendRefs = [canaryRef with { Weight = null }] });
            managed.Add(header.Name);
        }

        var annotations = new SortedDictionary<string, string>(route.Metadata.Annotations?.ToDictionary() ?? [], StringComparer.Ordinal);
        if (managed.Count > 0)
        {
            annotations[ManagedRulesAnnotation] = string.Join(',', managed);
        }
        else
        {
            annotations.Remove(ManagedRulesAnnotation);
        }

        return route with
        {
            Metadata = route.Metadata with { Annotations = annotations.Count > 0 ? annotations : null },
            Spec = (route.Spec ?? new HttpRouteSpec()) with { Rules = rules },
        };
    }

    /// <summary>True when <paramref name="observed"/> already has the rules and managed-rules annotation of <paramref name="desired"/>.</summary>
    public static bool Matches(HttpRoute observed, HttpRoute desired) =>
        string.Join(',', ManagedNames(observed)) == string.Join(',', ManagedNames(desired)) &&
        Canonical(observed.Spec) == Canonical(desired.Spec);

    /// <summary>
    /// Null when every parent of the route accepted its current generation (Accepted=True with observedGeneration at
    /// least metadata.generation); otherwise what the route's status says instead.
    /// </summary>
    public static string? NotAccepted(HttpRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var generation = route.Metadata.Generation ?? 0;
        var parents = route.Status?.Parents ?? [];
        if (parents.Count == 0)
        {
            return "no gateway has reported on it yet";
        }

        foreach (var parent in parents)
        {
            var accepted = parent.Conditions?.FirstOrDefault(c => c.Type == "Accepted");
            if (accepted is null)
            {
                return $"{ParentName(parent)} reports no Accepted condition";
            }

            if ((accepted.ObservedGeneration ?? 0) < generation)
            {
                return $"{ParentName(parent)} has seen generation {accepted.ObservedGeneration ?? 0} of {generation}";
            }

            if (accepted.Status != "True")
            {
                return $"{ParentName(parent)} did not accept it: {accepted.Reason}{(string.IsNullOrEmpty(accepted.Message) ? "" : $" ({accepted.Message})")}";
            }
        }

        return null;
    }

    private static string ParentName(RouteParentStatus parent) =>
        parent.ParentRef is { ValueKind: JsonValueKind.Object } reference && reference.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? $"gateway '{name.GetString()}'"
            : "a gateway";

    private static bool IsService(HttpBackendRef backend, string service, string? ns, string? routeNamespace) =>
        backend.Name == service &&
        (backend.Group ?? "") == "" &&
        (backend.Kind ?? "Service") == "Service" &&
        (backend.Namespace ?? routeNamespace) == (ns ?? routeNamespace);

    private static HttpBackendRef CanaryRef(HttpBackendRef stable, string canaryService, int weight) =>
        stable with { Name = canaryService, Weight = weight, UnknownFields = null };

    private static HttpHeaderMatch HeaderMatch(Api.Rollouts.HeaderRoutingMatch match) => match.HeaderValue switch
    {
        { Exact: { } exact } => new HttpHeaderMatch { Type = "Exact", Name = match.HeaderName, Value = exact },
        { Prefix: { } prefix } => new HttpHeaderMatch { Type = "RegularExpression", Name = match.HeaderName, Value = "^" + System.Text.RegularExpressions.Regex.Escape(prefix) + ".*" },
        { Regex: { } regex } => new HttpHeaderMatch { Type = "RegularExpression", Name = match.HeaderName, Value = regex },
        _ => new HttpHeaderMatch { Type = "Exact", Name = match.HeaderName, Value = "" },
    };

    private static string Canonical(HttpRouteSpec? spec) =>
        CanonicalJson.Write(JsonSerializer.SerializeToElement(spec ?? new HttpRouteSpec(), KubernetesJsonContext.Default.HttpRouteSpec));
}
