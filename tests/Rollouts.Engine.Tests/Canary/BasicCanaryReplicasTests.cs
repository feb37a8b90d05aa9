using Rollouts.Engine.Canary;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>Canary without traffic routing: pod shares within maxSurge and maxUnavailable.</summary>
public class BasicCanaryReplicasTests
{
    [Theory]
    // replicas, weight, surge, unavailable, canary spec/available, stable spec/available, others → canary, stable
    [InlineData(10, 10, "1", "1", 0, 0, 10, 10, 0, 1, 9)]
    [InlineData(10, 30, "3", "0", 0, 0, 10, 10, 0, 3, 10)]
    [InlineData(10, 30, "0", "5", 0, 0, 10, 10, 0, 0, 7)]
    [InlineData(10, 5, "0", "1", 0, 0, 10, 10, 0, 0, 9)]
    [InlineData(10, 5, "0", "1", 0, 0, 9, 9, 0, 1, 9)]
    [InlineData(10, 20, "2", "0", 0, 0, 10, 10, 0, 2, 10)]
    [InlineData(10, 20, "20%", "0", 2, 2, 10, 10, 0, 2, 8)]
    [InlineData(10, 20, "0", "20%", 0, 0, 10, 10, 0, 0, 8)]
    [InlineData(10, 50, "2", "1", 0, 0, 10, 10, 0, 2, 9)]
    [InlineData(10, 0, "1", "1", 1, 1, 10, 10, 0, 0, 10)]
    [InlineData(10, 100, "1", "1", 10, 10, 1, 1, 0, 10, 0)]
    [InlineData(1, 20, "1", "0", 0, 0, 1, 1, 0, 1, 1)]
    [InlineData(1, 49, "0", "1", 0, 0, 1, 1, 0, 0, 1)]
    [InlineData(1, 51, "0", "1", 0, 0, 1, 1, 0, 0, 0)]
    [InlineData(1, 51, "0", "1", 0, 0, 0, 0, 0, 1, 0)]
    [InlineData(10, 30, "1", "0", 0, 0, 1, 1, 3, 1, 7)]
    [InlineData(10, 30, "0", "3", 4, 4, 8, 5, 0, 3, 7)]
    [InlineData(10, 10, "0%", "0%", 0, 0, 10, 10, 0, 0, 9)]
    [InlineData(4, 100, "1", "0", 0, 0, 4, 1, 0, 1, 4)]
    public void Moves_stay_within_surge_and_unavailability(
        int replicas, int weight, string surge, string unavailable,
        int canarySpec, int canaryAvailable, int stableSpec, int stableAvailable, int others,
        int canary, int stable)
    {
        var next = BasicCanaryReplicas.Next(
            replicas, weight, Parse(surge), Parse(unavailable),
            new ReplicaCount(canarySpec, canaryAvailable), new ReplicaCount(stableSpec, stableAvailable), others, keepStable: false);

        Assert.Equal((canary, stable), next);
    }

    [Theory]
    [InlineData(10, 20, 1, false, 2, 8)]
    [InlineData(3, 50, 1, false, 2, 1)]
    [InlineData(10, 5, 1, false, 1, 9)]
    [InlineData(10, 99, 1, false, 10, 1)]
    [InlineData(10, 99, 0, false, 9, 1)]
    [InlineData(1, 20, 0, false, 0, 1)]
    [InlineData(1, 20, 1, false, 1, 1)]
    [InlineData(5, 100, 1, false, 5, 0)]
    [InlineData(5, 100, 1, true, 5, 1)]
    [InlineData(5, 100, 0, true, 4, 1)]
    [InlineData(5, 0, 1, true, 0, 5)]
    public void The_target_is_the_closest_share_with_a_pod_on_each_side_when_there_is_room(
        int replicas, int weight, int surge, bool keepStable, int canary, int stable)
    {
        Assert.Equal((canary, stable), BasicCanaryReplicas.Target(replicas, weight, surge, keepStable));
    }

    [Theory]
    [InlineData(10, "25%", "25%", 3, 2)]
    [InlineData(4, "25%", "25%", 1, 1)]
    [InlineData(3, "25%", "25%", 1, 0)]
    [InlineData(10, "0", "0", 0, 1)]
    [InlineData(10, "2", "20", 2, 10)]
    [InlineData(10, null, null, 3, 2)]
    public void Percentages_round_surge_up_and_unavailability_down(int replicas, string? surge, string? unavailable, int expectedSurge, int expectedUnavailable)
    {
        Assert.Equal((expectedSurge, expectedUnavailable), BasicCanaryReplicas.Limits(replicas, Parse(surge), Parse(unavailable)));
    }

    private static IntOrString? Parse(string? text) =>
        text is null ? (IntOrString?)null
        : text.EndsWith('%') ? IntOrString.FromText(text)
        : IntOrString.FromNumber(int.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
}
