namespace Rollouts.Sandbox.Simulation;

/// <summary>How the workload simulator runs pods.</summary>
public sealed record WorkloadSimulatorOptions
{
    public static readonly TimeSpan DefaultReadyDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a pod's containers run before the pod becomes Ready; zero makes it ready as soon as it runs.
    /// A pod template overrides it with the <c>sandbox.rollouts.dev/ready-delay</c> annotation.
    /// </summary>
    public TimeSpan ReadyDelay { get; init; } = DefaultReadyDelay;

    /// <summary>The clock for start and ready times and for the timers that make pods ready.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Workers per controller (pods, ReplicaSets, Deployments).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Seed for pod names; null for a random one.</summary>
    public int? Seed { get; init; }

    /// <summary>Throws, naming the option and its value, when the options cannot work.</summary>
    public void Validate()
    {
        if (ReadyDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadyDelay), ReadyDelay,
                $"WorkloadSimulatorOptions.{nameof(ReadyDelay)} must be zero or more.");
        }

        if (Workers <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Workers), Workers,
                $"WorkloadSimulatorOptions.{nameof(Workers)} must be greater than zero.");
        }
    }
}
