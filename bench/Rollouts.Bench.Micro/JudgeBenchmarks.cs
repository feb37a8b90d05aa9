using BenchmarkDotNet.Attributes;
using Rollouts.Engine.Judge;

namespace Rollouts.Bench.Micro;

/// <summary>The statistical judge over two metrics of 60 samples each (an hour of minutes), canary against baseline.</summary>
[MemoryDiagnoser]
public class JudgeBenchmarks
{
    private IReadOnlyList<JudgeMetric> _metrics = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        double[] Samples(double mean, double spread) => [.. Enumerable.Range(0, 60).Select(_ => mean + ((random.NextDouble() - 0.5) * spread))];
        _metrics =
        [
            new JudgeMetric { Name = "latency", Canary = Samples(105, 20), Baseline = Samples(100, 20), Direction = JudgeDirection.Increase },
            new JudgeMetric { Name = "errors", Canary = Samples(0.011, 0.004), Baseline = Samples(0.010, 0.004), Direction = JudgeDirection.Increase },
        ];
    }

    [Benchmark]
    public JudgeResult Judge() => CanaryJudge.Judge(_metrics);
}
