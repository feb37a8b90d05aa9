using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Planning;

/// <summary>
/// What one reconcile decided: the actions to apply, in order, then the status to write. A plan that finds
/// nothing to change has no actions and <see cref="StatusChanged"/> false, so the controller writes nothing.
/// </summary>
/// <remarks>
/// A plan takes at most one step; the next comes with the next reconcile, which the controller's own writes
/// bring (it watches the Rollout, status included, and the ReplicaSets, services and ingresses), or
/// <see cref="RequeueAfter"/> when only time has to pass.
/// </remarks>
public sealed record Plan
{
    /// <summary>Apply in this order; stop at the first failure and do not write the status.</summary>
    public required IReadOnlyList<PlanAction> Actions { get; init; }

    /// <summary>The next status, written after every action succeeded (when <see cref="StatusChanged"/>).</summary>
    public required RolloutStatus Status { get; init; }

    /// <summary>True when <see cref="Status"/> differs from the observed status in any field.</summary>
    public required bool StatusChanged { get; init; }

    /// <summary>
    /// Reconcile again after this long even if nothing changes (a pause with a duration, a scale-down delay, the
    /// progress deadline). Null: only a change to a watched object brings the next reconcile.
    /// </summary>
    public TimeSpan? RequeueAfter { get; init; }

    /// <summary>No action and an equal status.</summary>
    public bool IsEmpty => Actions.Count == 0 && !StatusChanged;
}
