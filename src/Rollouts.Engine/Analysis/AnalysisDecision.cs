namespace Rollouts.Engine.Analysis;

/// <summary>The phase of a run or a metric (an <see cref="Rollouts.Api.Analysis.AnalysisPhase"/> value) with the reason for it.</summary>
public sealed record AnalysisDecision(string Phase, string? Message);
