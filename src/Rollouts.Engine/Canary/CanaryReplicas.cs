using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Canary;

/// <summary>
/// Canary size with traffic routing: the router, not the pod count, splits traffic, so the stable ReplicaSet
/// stays at spec.replicas and the canary gets ceil(replicas × weight / 100) pods, or what a setCanaryScale in
/// effect asks for. Once every step is done the canary is sized for all traffic.
/// </summary>
public static class CanaryReplicas
{
    public static int Desired(int replicas, IReadOnlyList<CanaryStep> steps, int index)
    {
        if (index >= steps.Count)
        {
            return replicas;
        }

        if (CanarySteps.CanaryScaleAt(steps, index) is { } scale)
        {
            if (scale.Replicas is { } count)
            {
                return Math.Max(0, count);
            }

            if (scale.Weight is { } scaleWeight)
            {
                return OfWeight(replicas, scaleWeight);
            }
        }

        return OfWeight(replicas, CanarySteps.WeightAt(steps, index));
    }

    /// <summary>ceil(replicas × weight / 100) in integers.</summary>
    public static int OfWeight(int replicas, int weight) =>
        (int)(((long)replicas * Math.Max(0, weight) + 99) / 100);
}
