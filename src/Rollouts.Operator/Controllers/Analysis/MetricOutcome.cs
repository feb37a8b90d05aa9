using Rollouts.Api.Analysis;

namespace Rollouts.Operator.Controllers.Analysis;

/// <summary>
/// One measurement of a metric. <see cref="EndsRun"/> marks an Error that retrying cannot fix (a missing Secret,
/// no or a refused address): the run ends in Error at once instead of after consecutiveErrorLimit, unless the
/// metric is dry-run.
/// </summary>
internal sealed record MetricOutcome(string Metric, Measurement Measurement, bool EndsRun = false);
