using Rollouts.Api.Common;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;
using Rollouts.Operator.Controllers.Rollouts;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>An invalid Rollout is reported in its status alone, once, at the fields that are wrong.</summary>
public sealed class InvalidSpecStatusTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ValidationError Weight = new("spec.strategy.canary.steps[0].setWeight", ValidationReason.OutOfRange, "150 is above 100");

    [Fact]
    public void The_condition_names_every_bad_field_and_the_phase_is_Degraded()
    {
        var rollout = Rollout(new RolloutStatus { Phase = RolloutPhase.Healthy, StableRS = "abc", CurrentStepIndex = 2 });

        var status = InvalidSpecStatus.For(rollout, [Weight], T0);

        var condition = Assert.Single(status.Conditions!);
        Assert.Equal((RolloutConditionType.InvalidSpec, "True", "InvalidSpec"), (condition.Type, condition.Status, condition.Reason));
        Assert.Equal("The Rollout is invalid: spec.strategy.canary.steps[0].setWeight: 150 is above 100", condition.Message);
        Assert.Equal(RolloutPhase.Degraded, status.Phase);
        Assert.Equal(condition.Message, status.Message);
        Assert.Equal(("abc", 2, 7L), (status.StableRS, status.CurrentStepIndex, status.ObservedGeneration));
    }

    [Fact]
    public void The_same_errors_again_give_the_same_status()
    {
        var first = InvalidSpecStatus.For(Rollout(null), [Weight], T0);

        var again = InvalidSpecStatus.For(Rollout(first), [Weight], T0.AddMinutes(5));

        Assert.True(Engine.Planning.StatusEquality.AreEqual(first, again));
        Assert.True(InvalidSpecStatus.Reports(again, [Weight]));
    }

    [Fact]
    public void Other_errors_update_the_message_but_keep_the_transition_time()
    {
        var first = InvalidSpecStatus.For(Rollout(null), [Weight], T0);
        var other = new ValidationError("spec.selector", ValidationReason.Required, "a Rollout needs a selector");

        var next = InvalidSpecStatus.For(Rollout(first), [other], T0.AddMinutes(5));

        var condition = Assert.Single(next.Conditions!);
        Assert.Equal(T0, condition.LastTransitionTime);
        Assert.Equal(T0.AddMinutes(5), condition.LastUpdateTime);
        Assert.Contains("spec.selector", condition.Message, StringComparison.Ordinal);
        Assert.False(InvalidSpecStatus.Reports(next, [Weight]));
    }

    [Fact]
    public void A_valid_Rollout_is_planned_without_the_condition()
    {
        var invalid = InvalidSpecStatus.For(Rollout(new RolloutStatus { Conditions = [new RolloutCondition { Type = "Available", Status = "True" }] }), [Weight], T0);

        var planned = InvalidSpecStatus.Without(invalid);

        Assert.Equal(["Available"], planned!.Conditions!.Select(c => c.Type));
    }

    private static Rollout Rollout(RolloutStatus? status) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "default", Generation = 7 },
        Spec = new RolloutSpec(),
        Status = status,
    };
}
