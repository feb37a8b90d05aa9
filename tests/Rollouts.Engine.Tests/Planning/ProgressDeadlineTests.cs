using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Tests.Planning;

public class ProgressDeadlineTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // last progress (seconds before now, null: none), progressed, on purpose → last progress (seconds before now), exceeded, check in (seconds)
    [InlineData(null, false, false, 0, false, 600)]
    [InlineData(100, false, false, 100, false, 500)]
    [InlineData(100, true, false, 0, false, 600)]
    [InlineData(600, false, false, 600, true, null)]
    [InlineData(9000, false, true, 9000, false, null)]
    [InlineData(9000, true, true, 0, false, null)]
    public void The_deadline_runs_from_the_last_progress_except_while_waiting_on_purpose(
        int? lastAgo, bool progressed, bool onPurpose, int expectedAgo, bool exceeded, int? checkIn)
    {
        var last = lastAgo is null ? (DateTimeOffset?)null : Now.AddSeconds(-lastAgo.Value);

        var result = ProgressDeadline.Evaluate(last, progressed, onPurpose, 600, Now);

        Assert.Equal(Now.AddSeconds(-expectedAgo), result.LastProgress);
        Assert.Equal(exceeded, result.Exceeded);
        Assert.Equal(checkIn is null ? null : Now.AddSeconds(checkIn.Value), result.CheckAt);
    }
}
