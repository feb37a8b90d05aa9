using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Tests.Planning;

public class RolloutConditionsTests
{
    private static readonly DateTimeOffset Before = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Before.AddHours(1);

    [Theory]
    [InlineData("True", "R", "m", "True", "R", "m", false, false)]
    [InlineData("True", "R", "m", "True", "R", "other", false, true)]
    [InlineData("True", "R", "m", "True", "S", "m", false, true)]
    [InlineData("True", "R", "m", "False", "R", "m", true, true)]
    public void Times_move_only_when_the_condition_changes(
        string status, string reason, string message, string newStatus, string newReason, string newMessage, bool transitions, bool updates)
    {
        var previous = new[] { new RolloutCondition { Type = "Healthy", Status = status, Reason = reason, Message = message, LastTransitionTime = Before, LastUpdateTime = Before } };

        var merged = RolloutConditions.Merge(previous, [new RolloutCondition { Type = "Healthy", Status = newStatus, Reason = newReason, Message = newMessage }], Now);

        var condition = Assert.Single(merged);
        Assert.Equal(transitions ? Now : Before, condition.LastTransitionTime);
        Assert.Equal(updates ? Now : Before, condition.LastUpdateTime);
    }

    [Fact]
    public void A_condition_that_brings_its_update_time_keeps_it_and_unknown_types_are_kept()
    {
        var previous = new[]
        {
            new RolloutCondition { Type = "Progressing", Status = "True", Reason = "R", Message = "m", LastTransitionTime = Before, LastUpdateTime = Before },
            new RolloutCondition { Type = "InvalidSpec", Status = "True", Reason = "X", Message = "bad", LastTransitionTime = Before },
        };
        var explicitTime = Before.AddMinutes(5);

        var merged = RolloutConditions.Merge(previous, [new RolloutCondition { Type = "Progressing", Status = "True", Reason = "R", Message = "m", LastUpdateTime = explicitTime }], Now);

        Assert.Equal(["Progressing", "InvalidSpec"], merged.Select(c => c.Type));
        Assert.Equal(explicitTime, merged[0].LastUpdateTime);
        Assert.Same(previous[1], merged[1]);
    }
}
