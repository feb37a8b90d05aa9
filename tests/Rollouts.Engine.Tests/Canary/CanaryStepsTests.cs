using Rollouts.Engine.Canary;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.Canary;

public class CanaryStepsTests
{
    [Theory]
    [InlineData("setWeight 20, pause, setWeight 50, pause", 0, 20)]
    [InlineData("setWeight 20, pause, setWeight 50, pause", 1, 20)]
    [InlineData("setWeight 20, pause, setWeight 50, pause", 3, 50)]
    [InlineData("setWeight 20, pause, setWeight 50, pause", 4, 100)]
    [InlineData("pause, setWeight 50", 0, 0)]
    [InlineData("setWeight 50, setWeight 10", 1, 10)]
    [InlineData("", 0, 100)]
    public void The_weight_in_effect_is_the_last_setWeight_so_far_and_100_after_the_last_step(string steps, int index, int weight)
    {
        Assert.Equal(weight, CanarySteps.WeightAt(Steps.Parse(steps), index));
    }

    [Theory]
    [InlineData("setCanaryScale replicas=3, setWeight 20", 1, "replicas=3")]
    [InlineData("setCanaryScale replicas=3, setWeight 20, setCanaryScale matchTrafficWeight, setWeight 50", 3, null)]
    [InlineData("setCanaryScale weight=10, setCanaryScale replicas=2", 1, "replicas=2")]
    [InlineData("setWeight 20, setCanaryScale replicas=2", 0, null)]
    [InlineData("setCanaryScale replicas=2", 1, null)]
    public void The_canary_scale_in_effect_is_the_last_setCanaryScale_unless_it_matches_traffic(string steps, int index, string? expected)
    {
        var scale = CanarySteps.CanaryScaleAt(Steps.Parse(steps), index);
        Assert.Equal(expected, scale is null ? null : scale.Replicas is { } r ? $"replicas={r}" : $"weight={scale.Weight}");
    }

    [Theory]
    [InlineData("setWeight 20", "setWeight 20")]
    [InlineData("pause", "pause until promoted")]
    [InlineData("pause 30s", "pause 30s")]
    [InlineData("setCanaryScale replicas=2", "setCanaryScale replicas=2")]
    [InlineData("setCanaryScale matchTrafficWeight", "setCanaryScale matchTrafficWeight")]
    [InlineData("analysis success-rate", "analysis success-rate")]
    public void A_step_is_described_as_the_user_wrote_it(string step, string description)
    {
        Assert.Equal(description, CanarySteps.Describe(Steps.Parse(step)[0]));
    }
}
