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
            _ => throw new ArgumentException($"unknown step '{step}'", nameof(step)),
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
