using Rollouts.Api.Common;
using Rollouts.Api.Rollouts;

namespace Rollouts.Operator.Controllers.Rollouts;

/// <summary>
/// The status of a Rollout whose spec is invalid: phase Degraded and an InvalidSpec condition whose message names
/// every bad field; everything else stays as it was, and nothing in the cluster changes. Once the spec is valid
/// again the condition goes.
/// </summary>
internal static class InvalidSpecStatus
{
    public const string Reason = "InvalidSpec";

    /// <summary>The status that reports <paramref name="errors"/>.</summary>
    public static RolloutStatus For(Rollout rollout, IReadOnlyList<ValidationError> errors, DateTimeOffset now)
    {
        var previous = rollout.Status ?? new RolloutStatus();
        var message = RolloutValidation.InvalidSpecMessage(errors);
        var before = previous.Conditions?.FirstOrDefault(c => c.Type == RolloutConditionType.InvalidSpec);
        var unchanged = before is { Status: "True", Reason: Reason } && before.Message == message;
        var condition = new RolloutCondition
        {
            Type = RolloutConditionType.InvalidSpec,
            Status = "True",
            Reason = Reason,
            Message = message,
            LastTransitionTime = before?.Status == "True" ? before.LastTransitionTime ?? now : now,
            LastUpdateTime = unchanged ? before!.LastUpdateTime ?? now : now,
        };

        return previous with
        {
            Phase = RolloutPhase.Degraded,
            Message = message,
            ObservedGeneration = rollout.Metadata.Generation ?? previous.ObservedGeneration,
            Conditions = [.. (previous.Conditions ?? []).Where(c => c.Type != RolloutConditionType.InvalidSpec), condition],
        };
    }

    /// <summary>True when <paramref name="status"/> already reports exactly <paramref name="errors"/>.</summary>
    public static bool Reports(RolloutStatus? status, IReadOnlyList<ValidationError> errors) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == RolloutConditionType.InvalidSpec) is { Status: "True" } condition &&
        condition.Message == RolloutValidation.InvalidSpecMessage(errors);

    /// <summary>The status without the InvalidSpec condition, for planning a Rollout that is valid (again).</summary>
    public static RolloutStatus? Without(RolloutStatus? status) =>
        status?.Conditions is { } conditions && conditions.Any(c => c.Type == RolloutConditionType.InvalidSpec)
            ? status with { Conditions = [.. conditions.Where(c => c.Type != RolloutConditionType.InvalidSpec)] }
            : status;
}
