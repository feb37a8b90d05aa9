using BenchmarkDotNet.Attributes;
using Rollouts.Engine.Conditions;

namespace Rollouts.Bench.Micro;

/// <summary>A metric's success condition: parsed once per run, evaluated at every measurement.</summary>
[MemoryDiagnoser]
public class ConditionBenchmarks
{
    private const string Text = "result[0] >= 0.95 && result[0] <= 1";
    private readonly ConditionExpression _expression = ConditionExpression.Parse(Text);
    private readonly ConditionValue _result = ConditionValue.Numbers(0.97);

    [Benchmark]
    public ConditionExpression Parse() => ConditionExpression.Parse(Text);

    [Benchmark]
    public ConditionResult Evaluate() => _expression.Evaluate(_result);
}
