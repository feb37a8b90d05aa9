using Rollouts.Engine.Canary;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.Canary;

public class CanaryReplicasTests
{
    [Theory]
    [InlineData(5, "setWeight 20", 0, 1)]
    [InlineData(5, "setWeight 1", 0, 1)]
    [InlineData(5, "setWeight 0", 0, 0)]
    [InlineData(10, "setWeight 33", 0, 4)]
    [InlineData(10, "setWeight 30", 0, 3)]
    [InlineData(3, "setWeight 50", 0, 2)]
    [InlineData(5, "setWeight 20", 1, 5)]
    [InlineData(10, "setCanaryScale replicas=3, setWeight 90", 1, 3)]
    [InlineData(10, "setCanaryScale weight=25, setWeight 90", 1, 3)]
    [InlineData(4, "setCanaryScale weight=200", 0, 8)]
    [InlineData(10, "setCanaryScale replicas=3, setWeight 90, setCanaryScale matchTrafficWeight", 2, 9)]
    [InlineData(10, "pause", 0, 0)]
    [InlineData(0, "setWeight 50", 0, 0)]
    public void With_traffic_routing_the_canary_gets_ceil_of_replicas_times_weight_or_its_setCanaryScale(int replicas, string steps, int index, int expected)
    {
        Assert.Equal(expected, CanaryReplicas.Desired(replicas, Steps.Parse(steps), index));
    }
}
