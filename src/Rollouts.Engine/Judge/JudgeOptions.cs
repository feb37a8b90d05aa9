namespace Rollouts.Engine.Judge;

/// <summary>How the metrics' verdicts become the run's verdict.</summary>
public sealed record JudgeOptions
{
    public static readonly JudgeOptions Default = new();

    /// <summary>A score at or above this passes the run.</summary>
    public double PassThreshold { get; init; } = 95;

    /// <summary>A score at or above this (and below <see cref="PassThreshold"/>) is Marginal; below it fails.</summary>
    public double MarginalThreshold { get; init; } = 75;

    /// <summary>
    /// The largest share of the total weight (0..1) that may be Inconclusive before the run is Inconclusive rather
    /// than Marginal or Fail.
    /// </summary>
    public double MaxInconclusiveShare { get; init; } = 0.25;

    /// <summary>What is wrong with the options, or an empty list.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(MarginalThreshold >= 0 && MarginalThreshold <= PassThreshold && PassThreshold <= 100))
        {
            errors.Add($"thresholds must satisfy 0 <= marginal <= pass <= 100, got marginal {MarginalThreshold} and pass {PassThreshold}");
        }

        if (!(MaxInconclusiveShare >= 0 && MaxInconclusiveShare <= 1))
        {
            errors.Add($"maxInconclusiveShare must be between 0 and 1, got {MaxInconclusiveShare}");
        }

        return errors;
    }
}
