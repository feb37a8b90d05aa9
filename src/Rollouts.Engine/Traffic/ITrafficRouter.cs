using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Traffic;

/// <summary>
/// A traffic router as the canary planner uses it: it reads the router's objects as observed and plans the
/// actions that bring them to a canary weight and a set of header routes, or back to all-stable. Pure: it
/// decides from the observation alone.
/// </summary>
internal interface ITrafficRouter
{
    /// <summary>What keeps the router from holding a weight, one line per object; empty when nothing does.</summary>
    IReadOnlyList<string> Problems { get; }

    /// <summary>The highest canary weight the router's objects hold now (written, whether or not applied yet); 0 when none.</summary>
    int ObservedWeight { get; }

    /// <summary>
    /// What the router still waits for before <paramref name="weight"/> and <paramref name="headers"/> count as
    /// applied (written and, where the router reports it, accepted), or null when they do.
    /// </summary>
    string? WaitingFor(int weight, IReadOnlyList<HeaderRoute> headers);

    /// <summary>
    /// Brings every object to one weight, at most <paramref name="proposed"/>, with <paramref name="headers"/>. An
    /// object that cannot be changed keeps the weight at what it holds; a weight can always be lowered.
    /// </summary>
    (int Weight, IReadOnlyList<PlanAction> Actions) SetWeight(int proposed, IReadOnlyList<HeaderRoute> headers);

    /// <summary>All traffic back to the stable service and no header route: the update has ended.</summary>
    IReadOnlyList<PlanAction> Remove();
}
