using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Planning;

/// <summary>status.history: the operator's last decisions, newest last, bounded so the status stays small.</summary>
internal static class RolloutHistory
{
    public const int Limit = 20;

    public static IReadOnlyList<RolloutDecision>? Append(IReadOnlyList<RolloutDecision>? history, IReadOnlyList<RolloutDecision> decisions)
    {
        if (decisions.Count == 0)
        {
            return history;
        }

        var all = (history ?? []).Concat(decisions).ToList();
        return all.Count <= Limit ? all : all[^Limit..];
    }
}
