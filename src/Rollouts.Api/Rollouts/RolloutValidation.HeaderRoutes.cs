using System.Text.RegularExpressions;
using Rollouts.Api.Common;
using static Rollouts.Api.Common.FieldErrors;

namespace Rollouts.Api.Rollouts;

// spec.strategy.canary.steps[i].setHeaderRoute: a managed route by name, and the headers it matches.
public static partial class RolloutValidation
{
    private static void ValidateSetHeaderRoute(SetHeaderRoute route, string path, CanaryStrategy canary, FieldErrors errors)
    {
        errors.UnknownFields<SetHeaderRoute>(path, route.UnknownFields);
        var routing = canary.TrafficRouting;
        if (routing is null)
        {
            errors.Add(path, ValidationReason.Conflict,
                $"setHeaderRoute needs {CanaryPath}.trafficRouting (nginx or gatewayAPI) with managedRoutes: without a router, requests cannot be sent by header");
        }

        var managed = (routing?.ManagedRoutes ?? []).Select(r => r.Name).OfType<string>().ToList();
        if (string.IsNullOrEmpty(route.Name))
        {
            errors.Required($"{path}.name", "setHeaderRoute needs the name of one of trafficRouting.managedRoutes");
        }
        else if (routing is not null && !managed.Contains(route.Name, StringComparer.Ordinal))
        {
            var known = managed.Count == 0 ? "managedRoutes is empty" : $"managedRoutes lists {string.Join(", ", managed)}";
            errors.Add($"{path}.name", ValidationReason.Invalid,
                $"route \"{route.Name}\" is not in {RoutingPath}.managedRoutes ({known}); add {{name: {route.Name}}} there");
        }

        var matches = route.Match ?? [];
        if (routing?.Nginx is not null && matches.Count > 1)
        {
            errors.Add($"{path}.match", ValidationReason.NotSupported,
                $"nginx matches one header (canary-by-header), and {matches.Count} are given; keep one");
        }

        for (var i = 0; i < matches.Count; i++)
        {
            var field = Index($"{path}.match", i);
            var match = matches[i];
            errors.UnknownFields<HeaderRoutingMatch>(field, match.UnknownFields);
            if (string.IsNullOrEmpty(match.HeaderName))
            {
                errors.Required($"{field}.headerName", "each match needs the name of a header");
            }

            ValidateStringMatch(match.HeaderValue, $"{field}.headerValue", errors);
        }
    }

    private static void ValidateStringMatch(StringMatch? value, string path, FieldErrors errors)
    {
        if (value is null)
        {
            errors.Required(path, "headerValue needs exactly one of exact, prefix or regex");
            return;
        }

        errors.UnknownFields<StringMatch>(path, value.UnknownFields);
        var set = new[] { ("exact", value.Exact), ("prefix", value.Prefix), ("regex", value.Regex) }.Where(f => f.Item2 is not null).Select(f => f.Item1).ToList();
        if (set.Count != 1)
        {
            errors.Add(path, ValidationReason.ExactlyOneOf,
                $"headerValue has {(set.Count == 0 ? "none" : string.Join(" and ", set))}; it needs exactly one of exact, prefix or regex");
        }

        if (value.Regex is { } pattern)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                errors.Add($"{path}.regex", ValidationReason.InvalidFormat, $"\"{pattern}\" is not a regular expression: {e.Message}");
            }
        }
    }
}
