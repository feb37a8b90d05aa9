using Rollouts.Engine.BlueGreen;
using Rollouts.Engine.Canary;

namespace Rollouts.Engine.Planning;

/// <summary>
/// The planner: a pure function from what the controller observed to what it should do. No I/O, no clock
/// of its own, no memory between calls: everything it needs is in the <see cref="Observation"/>, and every
/// piece of progress it makes is in the returned status or on the objects its actions write.
/// </summary>
public static class RolloutPlanner
{
    public static Plan Plan(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var plan = observation.Rollout.Spec?.Strategy?.BlueGreen is not null
            ? BlueGreenPlanner.Plan(observation)
            : CanaryPlanner.Plan(observation);
        return RestartPlanner.Apply(observation, plan);
    }
}
