namespace Rollouts.Engine.Planning;

/// <summary>
/// Objects the Rollout names that are missing or not as it needs them (a Service, an Ingress, an HTTPRoute): the one
/// form of the message for a missing one, with the field that names it, and the Warning event recorded when the
/// rollout starts waiting for the user to mend one.
/// </summary>
public static class MissingReference
{
    /// <summary>Reason of the Warning event recorded when the rollout starts waiting for such an object.</summary>
    public const string Reason = "ReferenceProblem";

    /// <summary>"{what} ({fieldPath}) does not exist{where}", e.g. "canary service 'web-canary' (spec.strategy.canary.canaryService) does not exist".</summary>
    public static string Message(string what, string fieldPath, string? where = null) => $"{what} ({fieldPath}) does not exist{where}";

    /// <summary>
    /// Records the Warning event for <paramref name="problem"/> unless the last status already said it (one event when
    /// the rollout starts waiting for it, not one per reconcile).
    /// </summary>
    internal static void RecordWhenNew(PlanBuilder plan, string problem, string? previousMessage)
    {
        if (previousMessage?.Contains(problem, StringComparison.Ordinal) != true)
        {
            plan.Record(RecordEvent.Warning, Reason, problem, Reason);
        }
    }
}
