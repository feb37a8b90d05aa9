namespace Rollouts.Api.Analysis;

/// <summary>The values fields of an analysis take when left out (see <see cref="AnalysisDefaulting"/>).</summary>
public static class AnalysisDefaults
{
    public const int FailureLimit = 0;
    public const int InconclusiveLimit = 0;
    public const int ConsecutiveErrorLimit = 4;

    /// <summary>Measurements of a metric kept in the run's status.</summary>
    public const int MeasurementRetention = 10;

    /// <summary>A query that returns no data: Inconclusive, never Successful.</summary>
    public const string MissingDataEmpty = AnalysisPhase.Inconclusive;

    /// <summary>A result that is NaN: Inconclusive, never Successful.</summary>
    public const string MissingDataNan = AnalysisPhase.Inconclusive;

    public const string WebMethod = "GET";
    public const int WebTimeoutSeconds = 10;

    public const string JudgeLookback = "5m";
    public const string JudgeStep = "15s";
    public const string JudgeDirection = Analysis.JudgeDirection.Increase;
    public const double JudgeConfidenceLevel = 0.95;
    public const double JudgeAllowedEffect = 0.1;
    public const int JudgeMinSamples = 10;
    public const double JudgeWeight = 1;
    public const int PassScore = 95;
    public const int MarginalScore = 75;
}
