using System.Text.Json;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Tests.Planning;

public class StatusEqualityTests
{
    [Fact]
    public void Statuses_with_equal_lists_in_different_instances_are_equal()
    {
        var time = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        RolloutStatus Make() => new()
        {
            Phase = "Paused",
            PauseConditions = [new PauseCondition { Reason = "CanaryPauseStep", StartTime = time }],
            Conditions = [new RolloutCondition { Type = "Paused", Status = "True" }],
        };

        Assert.True(StatusEquality.AreEqual(Make(), Make()));
        Assert.False(StatusEquality.AreEqual(Make(), Make() with { PauseConditions = null }));
        Assert.False(StatusEquality.AreEqual(Make(), Make() with { PauseConditions = [] }));
    }

    [Fact]
    public void Unknown_fields_count()
    {
        var plain = new RolloutStatus { Phase = "Healthy" };
        var extra = new RolloutStatus { Phase = "Healthy", UnknownFields = new Dictionary<string, JsonElement> { ["hpaReplicas"] = JsonDocument.Parse("3").RootElement } };

        Assert.False(StatusEquality.AreEqual(plain, extra));
    }
}
