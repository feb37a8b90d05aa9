using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Planning;

/// <summary>
/// Merges freshly computed conditions into the previous ones: lastTransitionTime moves only when the status
/// (True/False/Unknown) changes, lastUpdateTime only when status, reason or message change, unless the new
/// condition brings its own. Unchanged conditions are therefore equal and cause no status write.
/// </summary>
internal static class RolloutConditions
{
    public const string True = "True";
    public const string False = "False";

    public static IReadOnlyList<RolloutCondition> Merge(
        IReadOnlyList<RolloutCondition>? previous, IEnumerable<RolloutCondition> current, DateTimeOffset now)
    {
        var merged = new List<RolloutCondition>();
        foreach (var condition in current)
        {
            var before = previous?.FirstOrDefault(c => c.Type == condition.Type);
            var sameStatus = before?.Status == condition.Status;
            var same = sameStatus && before!.Reason == condition.Reason && before.Message == condition.Message;
            merged.Add(condition with
            {
                LastTransitionTime = sameStatus ? before!.LastTransitionTime ?? now : now,
                LastUpdateTime = condition.LastUpdateTime ?? (same ? before!.LastUpdateTime ?? now : now),
                UnknownFields = before?.UnknownFields,
            });
        }

        // Conditions of types this planner does not compute (set by others) are kept as they were.
        merged.AddRange((previous ?? []).Where(p => merged.All(m => m.Type != p.Type)));
        return merged;
    }

    public static RolloutCondition? Find(IReadOnlyList<RolloutCondition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);
}
