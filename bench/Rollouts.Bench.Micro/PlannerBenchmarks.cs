using BenchmarkDotNet.Attributes;
using Rollouts.Engine.Planning;

namespace Rollouts.Bench.Micro;

/// <summary>
/// The planner's decision on typical observations of a Rollout of 4 replicas with setWeight 25, 50, 75: at rest
/// (nothing to do), and mid-canary when the canary has just become available for 50 % (scale done, raise the weight).
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private Observation _atRest = null!;
    private Observation _midCanary = null!;

    [GlobalSetup]
    public void Setup() => (_atRest, _midCanary) = Scenario.Observations();

    [Benchmark]
    public Plan AtRest() => RolloutPlanner.Plan(_atRest);

    [Benchmark]
    public Plan MidCanary() => RolloutPlanner.Plan(_midCanary);
}
