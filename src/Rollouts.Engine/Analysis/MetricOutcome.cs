using Rollouts.Api.Analysis;
using Rollouts.Engine.Judge;

namespace Rollouts.Engine.Analysis;

/// <summary>
/// One measurement of a metric. <see cref="EndsRun"/> marks an Error that retrying cannot fix (a missing Secret,
/// no or a refused address): the run ends in Error at once instead of after consecutiveErrorLimit, unless the
/// metric is dry-run. <see cref="Judgement"/> is the judge's whole result when the metric is a judge metric and the
/// judge was asked (for those who show it; the measurement already holds what a run records).
/// </summary>
public sealed record MetricOutcome(string Metric, Measurement Measurement, bool EndsRun = false, JudgeResult? Judgement = null);
