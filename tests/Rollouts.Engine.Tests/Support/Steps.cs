using System.Globalization;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Support;

/// <summary>Canary steps written as users read them: "setWeight 20", "pause", "pause 30s", "setCanaryScale replicas=2", "analysis".</summary>
internal static class Steps
{
    public static IReadOnlyList<CanaryStep> Parse(string steps) =>
        [.. steps.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseOne)];

    private static CanaryStep ParseOne(string step)
    {
        var parts = step.Split(' ', 2, StringSplitOptions.TrimEntries);
        var argument = parts.Length > 1 ? parts[1] : null;
        return parts[0] switch
        {
            "setWeight" => new CanaryStep { SetWeight = Number(argument!) },
            "pause" => new CanaryStep { Pause = new RolloutPause { Duration = argument is null ? (IntOrString?)null : IntOrString.FromText(argument) } },
            "setCanaryScale" => new CanaryStep { SetCanaryScale = Scale(argument!) },
            "analysis" => new CanaryStep
            {
                Analysis = new RolloutAnalysis { Templates = [new AnalysisTemplateReference { TemplateName = argument ?? "success-rate" }] },
            },
            "setHeaderRoute" => new CanaryStep { SetHeaderRoute = HeaderRoute(argument!) },
            _ => throw new ArgumentException($"unknown step '{step}'", nameof(step)),
        };
    }

    /// <summary>"beta x-beta=1" (exact), "beta x-beta^=be" (prefix), "beta x-beta~=b.*" (regex), or "beta" to remove the route.</summary>
    private static SetHeaderRoute HeaderRoute(string argument)
    {
        var parts = argument.Split(' ', 2);
        if (parts.Length == 1)
        {
            return new SetHeaderRoute { Name = parts[0] };
        }

        var (op, value) = parts[1].Contains("^=", StringComparison.Ordinal) ? ("^=", new StringMatch { Prefix = parts[1].Split("^=")[1] })
            : parts[1].Contains("~=", StringComparison.Ordinal) ? ("~=", new StringMatch { Regex = parts[1].Split("~=")[1] })
            : ("=", new StringMatch { Exact = parts[1].Split('=')[1] });
        return new SetHeaderRoute
        {
            Name = parts[0],
            Match = [new HeaderRoutingMatch { HeaderName = parts[1].Split(op)[0], HeaderValue = value }],
        };
    }

    private static SetCanaryScale Scale(string argument)
    {
        var (key, value) = (argument.Split('=')[0], argument.Split('=').ElementAtOrDefault(1));
        return key switch
        {
            "replicas" => new SetCanaryScale { Replicas = Number(value!) },
            "weight" => new SetCanaryScale { Weight = Number(value!) },
            "matchTrafficWeight" => new SetCanaryScale { MatchTrafficWeight = true },
            _ => throw new ArgumentException($"unknown setCanaryScale '{argument}'", nameof(argument)),
        };
    }

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
