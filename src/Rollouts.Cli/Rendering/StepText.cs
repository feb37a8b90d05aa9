using System.Globalization;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Traffic;

namespace Rollouts.Cli.Rendering;

/// <summary>A canary step in a few words: <c>setWeight 20</c>, <c>pause 30s</c>, <c>pause (until promoted)</c>, <c>analysis success-rate</c>.</summary>
internal static class StepText
{
    public static string Of(CanaryStep step) => step switch
    {
        { SetWeight: { } weight } => string.Create(CultureInfo.InvariantCulture, $"setWeight {weight}"),
        { Pause: { Duration: { } duration } } => $"pause {duration}",
        { Pause: not null } => "pause (until promoted)",
        { SetCanaryScale: { } scale } => scale switch
        {
            { Replicas: { } replicas } => string.Create(CultureInfo.InvariantCulture, $"setCanaryScale {replicas} pods"),
            { Weight: { } weight } => string.Create(CultureInfo.InvariantCulture, $"setCanaryScale {weight}%"),
            _ => "setCanaryScale matchTrafficWeight",
        },
        { Analysis: { } analysis } => $"analysis {Templates(analysis)}",
        { SetHeaderRoute: { Match: { Count: > 0 } match } header } => $"setHeaderRoute {header.Name} {new HeaderRoute(header.Name ?? "", match).Describe()}",
        { SetHeaderRoute: { } removed } => $"setHeaderRoute {removed.Name} (removed)",
        _ => "unknown step",
    };

    public static string Templates(RolloutAnalysis analysis) =>
        string.Join(", ", (analysis.Templates ?? []).Select(t => t.TemplateName + (t.ClusterScope == true ? " (cluster)" : "")));
}
