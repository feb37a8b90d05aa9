namespace Rollouts.Engine.Planning;

/// <summary>
/// The verdicts of the Rollout's analysis runs, as the controller found them. This is the seam where analysis
/// joins the planner: it only reads verdicts (it never runs queries). Starting runs is not planned yet, so an
/// analysis step waits until a verdict for it appears here.
/// </summary>
public sealed record AnalysisObservation
{
    public static readonly AnalysisObservation None = new();

    public IReadOnlyList<AnalysisVerdict> Verdicts { get; init; } = [];

    /// <summary>The verdict for the analysis of <paramref name="podHash"/> at step <paramref name="stepIndex"/> (null: background analysis).</summary>
    public AnalysisVerdict? Find(string podHash, int? stepIndex) =>
        Verdicts.LastOrDefault(v => v.PodTemplateHash == podHash && v.StepIndex == stepIndex);
}

/// <summary>The state of one analysis run for one canary version.</summary>
/// <param name="PodTemplateHash">The canary version the run measured.</param>
/// <param name="StepIndex">The analysis step it belongs to, or null for background analysis.</param>
/// <param name="Message">For a failure: which metric failed, with its value.</param>
public sealed record AnalysisVerdict(string PodTemplateHash, int? StepIndex, AnalysisPhase Phase, string? Message = null);

/// <summary>The phase of an analysis run, as Argo Rollouts names them.</summary>
public enum AnalysisPhase
{
    Running,
    Successful,
    Failed,
    Error,
    Inconclusive,
}
