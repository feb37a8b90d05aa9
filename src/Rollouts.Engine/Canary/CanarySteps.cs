using System.Globalization;
using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Canary;

/// <summary>
/// What the steps mean at a given step index. The index runs from 0 to the number of steps; at the number of
/// steps every step is done and the canary takes all traffic. State is recomputed from the index on every
/// reconcile, never kept in memory.
/// </summary>
public static class CanarySteps
{
    /// <summary>
    /// The traffic weight in effect at <paramref name="index"/>: that of the last setWeight at or before it,
    /// 0 before the first, 100 once every step is done.
    /// </summary>
    public static int WeightAt(IReadOnlyList<CanaryStep> steps, int index)
    {
        if (index >= steps.Count)
        {
            return 100;
        }

        for (var i = index; i >= 0; i--)
        {
            if (steps[i].SetWeight is { } weight)
            {
                return Math.Clamp(weight, 0, 100);
            }
        }

        return 0;
    }

    /// <summary>
    /// The setCanaryScale in effect at <paramref name="index"/>: the last one at or before it, unless that one
    /// says matchTrafficWeight. Null once every step is done.
    /// </summary>
    public static SetCanaryScale? CanaryScaleAt(IReadOnlyList<CanaryStep> steps, int index)
    {
        if (index >= steps.Count)
        {
            return null;
        }

        for (var i = index; i >= 0; i--)
        {
            if (steps[i].SetCanaryScale is { } scale)
            {
                return scale.MatchTrafficWeight == true ? null : scale;
            }
        }

        return null;
    }

    /// <summary>"step 2/5", counting from 1 as users read it.</summary>
    public static string Label(int index, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"step {index + 1}/{count}");

    /// <summary>A step as a user wrote it: "setWeight 20", "pause 30s", "pause until promoted", ...</summary>
    public static string Describe(CanaryStep step)
    {
        if (step.SetWeight is { } weight)
        {
            return string.Create(CultureInfo.InvariantCulture, $"setWeight {weight}");
        }

        if (step.Pause is { } pause)
        {
            return pause.Duration is { } duration ? $"pause {duration}" : "pause until promoted";
        }

        if (step.SetCanaryScale is { } scale)
        {
            return scale switch
            {
                { MatchTrafficWeight: true } => "setCanaryScale matchTrafficWeight",
                { Replicas: { } replicas } => string.Create(CultureInfo.InvariantCulture, $"setCanaryScale replicas={replicas}"),
                { Weight: { } scaleWeight } => string.Create(CultureInfo.InvariantCulture, $"setCanaryScale weight={scaleWeight}"),
                _ => "setCanaryScale",
            };
        }

        if (step.Analysis is { } analysis)
        {
            var names = string.Join(", ", (analysis.Templates ?? []).Select(t => t.TemplateName));
            return $"analysis {names}".TrimEnd();
        }

        if (step.SetHeaderRoute is { } header)
        {
            return header.Match is { Count: > 0 } match
                ? $"setHeaderRoute {header.Name} {new Traffic.HeaderRoute(header.Name ?? "", match).Describe()}"
                : $"setHeaderRoute {header.Name} removed";
        }

        return "unknown step";
    }
}
