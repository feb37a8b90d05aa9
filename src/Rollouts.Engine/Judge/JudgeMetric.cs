namespace Rollouts.Engine.Judge;

/// <summary>Which change of a metric counts against the canary.</summary>
public enum JudgeDirection
{
    /// <summary>Higher values are bad (latency, error rate).</summary>
    Increase,

    /// <summary>Lower values are bad (throughput, success rate).</summary>
    Decrease,

    /// <summary>Any change is bad.</summary>
    Either,
}

/// <summary>
/// One metric to judge: samples of the canary and of the baseline over the same time window (the caller runs the
/// queries). NaN and infinite values are dropped and counted.
/// </summary>
public sealed record JudgeMetric
{
    public const double DefaultConfidenceLevel = 0.95;
    public const double DefaultAllowedEffect = 0.1;
    public const int DefaultMinSamples = 10;

    public required string Name { get; init; }

    public required IReadOnlyList<double> Canary { get; init; }

    public required IReadOnlyList<double> Baseline { get; init; }

    public JudgeDirection Direction { get; init; } = JudgeDirection.Increase;

    /// <summary>1 - the significance level of the test; 0.95 fails only on p &lt; 0.05.</summary>
    public double ConfidenceLevel { get; init; } = DefaultConfidenceLevel;

    /// <summary>
    /// The largest shift that does not fail, relative to the baseline's median: 0.1 lets the canary be 10% worse.
    /// A significant shift smaller than this passes.
    /// </summary>
    public double AllowedEffect { get; init; } = DefaultAllowedEffect;

    /// <summary>The fewest usable values (after dropping NaN) each side needs; fewer makes the metric Inconclusive.</summary>
    public int MinSamples { get; init; } = DefaultMinSamples;

    /// <summary>The metric's share of the score, relative to the other metrics' weights.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>A critical metric that fails fails the whole run, whatever the score.</summary>
    public bool Critical { get; init; }

    /// <summary>What is wrong with the metric's parameters, or an empty list.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("name must not be empty");
        }

        if (Canary is null || Baseline is null)
        {
            errors.Add($"metric '{Name}': canary and baseline samples are required");
        }

        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1))
        {
            errors.Add($"metric '{Name}': confidenceLevel must be between 0 and 1 (exclusive), got {ConfidenceLevel}");
        }

        if (!(AllowedEffect >= 0) || double.IsPositiveInfinity(AllowedEffect))
        {
            errors.Add($"metric '{Name}': allowedEffect must be a finite number >= 0, got {AllowedEffect}");
        }

        if (MinSamples < 1)
        {
            errors.Add($"metric '{Name}': minSamples must be at least 1, got {MinSamples}");
        }

        if (!(Weight >= 0) || double.IsPositiveInfinity(Weight))
        {
            errors.Add($"metric '{Name}': weight must be a finite number >= 0, got {Weight}");
        }

        return errors;
    }
}
