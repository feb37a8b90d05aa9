namespace Rollouts.Api.Analysis;

/// <summary>
/// Labels the operator puts on the AnalysisRuns it starts for a Rollout, beside
/// <see cref="Rollouts.RolloutLabels.PodTemplateHash"/> (the canary version the run measures). Together they say
/// which analysis a run is, so the planner finds its verdict from the runs it observes.
/// </summary>
public static class AnalysisLabels
{
    /// <summary>What the run is for: <see cref="StepKind"/>, <see cref="BackgroundKind"/>, <see cref="PrePromotionKind"/> or <see cref="PostPromotionKind"/>.</summary>
    public const string Kind = "rollouts.dev/analysis";

    /// <summary>Value of <see cref="Kind"/> for the run of an analysis step.</summary>
    public const string StepKind = "step";

    /// <summary>Value of <see cref="Kind"/> for the run of the background analysis (strategy.canary.analysis).</summary>
    public const string BackgroundKind = "background";

    /// <summary>Value of <see cref="Kind"/> for the run of strategy.blueGreen.prePromotionAnalysis.</summary>
    public const string PrePromotionKind = "pre-promotion";

    /// <summary>Value of <see cref="Kind"/> for the run of strategy.blueGreen.postPromotionAnalysis.</summary>
    public const string PostPromotionKind = "post-promotion";

    /// <summary>On step runs: the index of the step (as in status.currentStepIndex, from 0).</summary>
    public const string StepIndex = "rollouts.dev/step-index";

    /// <summary>The try of the canary the run belongs to (status.canary.analysisAttempt): 1 at first, one more after each retry.</summary>
    public const string Attempt = "rollouts.dev/analysis-attempt";
}
