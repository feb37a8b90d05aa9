using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Traffic;

/// <summary>A header route in effect: requests carrying every header of <paramref name="Match"/> go to the canary.</summary>
public sealed record HeaderRoute(string Name, IReadOnlyList<HeaderRoutingMatch> Match)
{
    /// <summary>
    /// The header routes in effect at step <paramref name="index"/>: for each name, the last setHeaderRoute at or
    /// before it (one without match removes the route), in the order of trafficRouting.managedRoutes. Once every
    /// step is done they all stay until the update ends.
    /// </summary>
    public static IReadOnlyList<HeaderRoute> At(CanaryStrategy canary, int index)
    {
        ArgumentNullException.ThrowIfNull(canary);
        var steps = canary.Steps ?? [];
        var set = new Dictionary<string, HeaderRoute?>(StringComparer.Ordinal);
        for (var i = 0; i <= Math.Min(index, steps.Count - 1); i++)
        {
            if (steps[i].SetHeaderRoute is { Name: { Length: > 0 } name } step)
            {
                set[name] = step.Match is { Count: > 0 } match ? new HeaderRoute(name, match) : null;
            }
        }

        return [.. (canary.TrafficRouting?.ManagedRoutes ?? [])
            .Select(r => r.Name is { } name && set.GetValueOrDefault(name) is { } route ? route : null)
            .OfType<HeaderRoute>()];
    }

    /// <summary>"x-beta=1", "x-beta^=be", "x-beta~=b.*", joined by " and ".</summary>
    public string Describe() => string.Join(" and ", Match.Select(m => m.HeaderValue switch
    {
        { Exact: { } exact } => $"{m.HeaderName}={exact}",
        { Prefix: { } prefix } => $"{m.HeaderName}^={prefix}",
        { Regex: { } regex } => $"{m.HeaderName}~={regex}",
        _ => m.HeaderName ?? "",
    }));
}
