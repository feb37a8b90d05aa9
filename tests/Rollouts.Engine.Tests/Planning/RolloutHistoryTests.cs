using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Tests.Planning;

public class RolloutHistoryTests
{
    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(19, 1, 20)]
    [InlineData(20, 3, 20)]
    [InlineData(5, 30, 20)]
    public void History_keeps_the_newest_decisions_up_to_its_limit(int before, int added, int after)
    {
        var history = Enumerable.Range(0, before).Select(i => new RolloutDecision { Action = $"old{i}" }).ToList();
        var decisions = Enumerable.Range(0, added).Select(i => new RolloutDecision { Action = $"new{i}" }).ToList();

        var result = RolloutHistory.Append(history, decisions)!;

        Assert.Equal(after, result.Count);
        Assert.Equal($"new{added - 1}", result[^1].Action);
    }

    [Fact]
    public void No_decision_leaves_the_history_as_it_was()
    {
        IReadOnlyList<RolloutDecision> history = [new RolloutDecision { Action = "a" }];

        Assert.Same(history, RolloutHistory.Append(history, []));
        Assert.Null(RolloutHistory.Append(null, []));
    }
}
