namespace Rollouts.Operator.Tests.Support;

/// <summary>
/// Tests that run a whole world with simulated traffic and a real Prometheus: one at a time, so that each
/// Prometheus keeps its one-second scrapes on time on a small machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PrometheusWorlds
{
    public const string Name = "Worlds with Prometheus";
}
