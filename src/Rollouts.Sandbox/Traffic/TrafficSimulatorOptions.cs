namespace Rollouts.Sandbox.Traffic;

/// <summary>How the traffic simulator loads each ingress host and where it serves its metrics.</summary>
public sealed record TrafficSimulatorOptions
{
    /// <summary>Requests per second sent to each stable (non-canary) ingress, split with its canaries.</summary>
    public double RequestsPerSecond { get; init; } = 50;

    /// <summary>How often the simulator sends the requests due since the last tick.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The clock that decides how many requests are due and drives the ticks.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Seed for routing, errors and latency jitter; the same seed and clock give the same metrics.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Port on 127.0.0.1 for <c>/metrics</c>; 0 picks a free one.</summary>
    public int MetricsPort { get; init; }

    /// <summary>Throws, naming the option and its value, when the options cannot work.</summary>
    public void Validate()
    {
        if (!double.IsFinite(RequestsPerSecond) || RequestsPerSecond < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestsPerSecond), RequestsPerSecond,
                $"TrafficSimulatorOptions.{nameof(RequestsPerSecond)} must be zero or more.");
        }

        if (TickInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TickInterval), TickInterval,
                $"TrafficSimulatorOptions.{nameof(TickInterval)} must be greater than zero.");
        }

        if (MetricsPort is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(MetricsPort), MetricsPort,
                $"TrafficSimulatorOptions.{nameof(MetricsPort)} must be 0 (any free port) or a port number up to 65535.");
        }
    }
}
