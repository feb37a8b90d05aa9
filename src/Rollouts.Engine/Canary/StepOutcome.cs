namespace Rollouts.Engine.Canary;

/// <summary>Where the current step stands after one look at the world.</summary>
internal sealed record StepOutcome
{
    /// <summary>The step is done; the rollout moves to the next.</summary>
    public bool Done { get; private init; }

    /// <summary>Why the step is done, for the decision record.</summary>
    public string? Why { get; private init; }

    /// <summary>What the step waits for that should come by itself (pods, the router): the progress deadline runs.</summary>
    public string? Waiting { get; private init; }

    /// <summary>The step waits on purpose (a pause, an analysis): the progress deadline does not run.</summary>
    public string? Holding { get; private init; }

    public static StepOutcome Complete(string why) => new() { Done = true, Why = why };

    public static StepOutcome WaitingFor(string what) => new() { Waiting = what };

    public static StepOutcome HoldingFor(string what) => new() { Holding = what };
}
