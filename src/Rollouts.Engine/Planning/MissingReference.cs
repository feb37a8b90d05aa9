namespace Rollouts.Engine.Planning;

/// <summary>
/// An object the Rollout names (a Service, an Ingress, an HTTPRoute) that does not exist: the one form of the
/// message the status carries while the rollout waits for it, with the field that names it, and the Warning event
/// recorded when the rollout starts waiting for it.
/// </summary>
public static class MissingReference
{
    /// <summary>Reason of the Warning event recorded when a named object is found missing.</summary>
    public const string Reason = "ReferenceNotFound";

    private const string DoesNotExist = ") does not exist";

    /// <summary>"{what} ({fieldPath}) does not exist{where}", e.g. "canary service 'web-canary' (spec.strategy.canary.canaryService) does not exist".</summary>
    public static string Message(string what, string fieldPath, string? where = null) => $"{what} ({fieldPath}{DoesNotExist}{where}";

    /// <summary>True when <paramref name="message"/> is one made by <see cref="Message"/>.</summary>
    public static bool Is(string? message) => message?.Contains(DoesNotExist, StringComparison.Ordinal) == true;

    /// <summary>
    /// Records the Warning event when the rollout waits for a missing object it did not wait for at the last
    /// status (so one event when it goes missing, not one per reconcile).
    /// </summary>
    internal static void RecordWhenNew(PlanBuilder plan, string? waiting, string? previousMessage)
    {
        if (Is(waiting) && previousMessage?.Contains(waiting!, StringComparison.Ordinal) != true)
        {
            plan.Record(RecordEvent.Warning, Reason, waiting!, Reason);
        }
    }
}
