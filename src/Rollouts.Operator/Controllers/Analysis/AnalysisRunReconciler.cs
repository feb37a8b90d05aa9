using System.Text.Json;
using Microsoft.Extensions.Logging;
using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Engine.Analysis;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime;
using Rollouts.Kubernetes.Runtime.Events;
using Rollouts.Operator.Controllers.Rollouts;
using Rollouts.Operator.Execution;
using Rollouts.Operator.Hosting;

using Rollouts.Operator.Telemetry;

namespace Rollouts.Operator.Controllers.Analysis;

/// <summary>
/// One reconcile of one AnalysisRun: start it, measure the metrics that are due, record the measurements, write
/// the status once through the status subresource, and come back when the next measurement is due. A terminated
/// run is refreshed and ends; an invalid one, or one whose metric cannot be measured as written, ends in Error
/// with a Warning event. A completed run is left alone.
/// </summary>
internal sealed class AnalysisRunReconciler
{
    private static readonly WriteOptions Write = new() { FieldManager = OperatorOptions.Component };

    private readonly IResourceClient<AnalysisRun> _runs;
    private readonly IResourceClient<Secret> _secrets;
    private readonly RolloutInformers _caches;
    private readonly IEventRecorder _events;
    private readonly MetricMeasurer _measurer;
    private readonly WriteExpectations _expectations;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OperatorMetrics? _metrics;

    public AnalysisRunReconciler(IKubernetesClient client, RolloutInformers caches, IEventRecorder events, MetricMeasurer measurer,
        OperatorOptions options, ILogger logger, OperatorMetrics? metrics = null)
    {
        _metrics = metrics;
        _runs = client.Resource<AnalysisRun>();
        _secrets = client.Resource<Secret>();
        _caches = caches;
        _events = events;
        _measurer = measurer;
        _time = options.TimeProvider;
        _expectations = new WriteExpectations(_time, options.CacheCatchUpTimeout);
        _logger = logger;
    }

    /// <summary>Reconciles the run named <paramref name="key"/>. API failures become the outcome; cancellation of <paramref name="leading"/> is thrown.</summary>
    public async Task<ReconcileOutcome> ReconcileAsync(ObjectKey key, CancellationToken leading)
    {
        var run = _caches.AnalysisRuns.Cache.Get(key);
        if (run is null)
        {
            _expectations.Forget(key);
            return ReconcileOutcome.Done;
        }

        if (_expectations.Unmet(key) is { } wait)
        {
            AnalysisRunLog.WaitingForCache(_logger, key.Namespace, key.Name);
            return ReconcileOutcome.Requeue(wait);
        }

        if (run.Metadata.DeletionTimestamp is not null || AnalysisPhase.IsCompleted(run.Status?.Phase))
        {
            return ReconcileOutcome.Done;
        }

        return await ApiFailures.OutcomeAsync(
            () => SyncAsync(key, run, leading),
            e => AnalysisRunLog.Conflict(_logger, key.Namespace, key.Name, e.Message),
            e => AnalysisRunLog.RequestFailed(_logger, e, key.Namespace, key.Name)).ConfigureAwait(false);
    }

    private async Task<ReconcileOutcome> SyncAsync(ObjectKey key, AnalysisRun run, CancellationToken leading)
    {
        var now = _time.GetUtcNow();
        if (AnalysisLint.Check(run) is { Count: > 0 } errors)
        {
            var invalid = RunEnding.Error(
                (run.Status ?? new AnalysisRunStatus()) with { StartedAt = run.Status?.StartedAt ?? WholeSeconds.Floor(now) },
                $"the AnalysisRun is invalid: {string.Join("; ", errors)}");
            await FinishAsync(key, run, invalid, leading).ConfigureAwait(false);
            return ReconcileOutcome.Done;
        }

        var spec = AnalysisDefaulting.Apply(run).Spec!;
        var status = AnalysisRunEvaluator.Start(spec, run.Status, WholeSeconds.Ceiling(now));
        if (spec.Terminate == true)
        {
            status = AnalysisRunEvaluator.Refresh(spec, status);
        }
        else
        {
            var due = AnalysisRunEvaluator.DueMetrics(spec, status, now);
            if (due.Count > 0)
            {
                AnalysisRunLog.Measuring(_logger, key.Namespace, key.Name, string.Join(", ", due));
                var measuring = _time.GetTimestamp();
                var outcomes = await _measurer.MeasureAsync(spec, due, new SecretReader(new OperatorSecrets(_secrets, key.Namespace)), leading).ConfigureAwait(false);
                var took = _time.GetElapsedTime(measuring);
                foreach (var outcome in outcomes)
                {
                    _metrics?.Measured(ProviderOf(spec, outcome.Metric), took);
                    status = AnalysisRunEvaluator.Apply(spec, status, outcome.Metric, outcome.Measurement);
                }

                // A dry-run metric never decides the run, not even by being unmeasurable: it keeps its Error measurements.
                if (outcomes.FirstOrDefault(o => o.EndsRun && !AnalysisRunEvaluator.IsDryRun(spec, o.Metric)) is { } ending
                    && !AnalysisPhase.IsCompleted(status.Phase))
                {
                    status = RunEnding.Error(status, $"metric \"{ending.Metric}\" cannot be measured: {ending.Measurement.Message}", ending.Metric);
                }
            }
        }

        await FinishAsync(key, run, status, leading).ConfigureAwait(false);
        return ReconcileOutcome.Requeue(AnalysisRunEvaluator.NextDue(spec, status, _time.GetUtcNow()));
    }

    /// <summary>Writes <paramref name="status"/> when it changed, and records an event when the run ended with it.</summary>
    private async Task FinishAsync(ObjectKey key, AnalysisRun run, AnalysisRunStatus status, CancellationToken leading)
    {
        if (Same(run.Status, status))
        {
            return;
        }

        leading.ThrowIfCancellationRequested();
        AnalysisRun written;
        try
        {
            written = await _runs.ReplaceStatusAsync(run with { Status = status }, Write, leading).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            _expectations.ExpectChanged(key, _caches.AnalysisRuns.Cache, key, run.Metadata.ResourceVersion);
            throw;
        }

        _expectations.ExpectChanged(key, _caches.AnalysisRuns.Cache, key, run.Metadata.ResourceVersion, written.Metadata.ResourceVersion);
        if (AnalysisPhase.IsCompleted(status.Phase) && !leading.IsCancellationRequested)
        {
            AnalysisRunLog.Ended(_logger, key.Namespace, key.Name, status.Phase!, status.Message);
            _metrics?.AnalysisRunPhase(status.Phase!);
            var type = status.Phase == AnalysisPhase.Successful ? EventType.Normal : EventType.Warning;
            _events.Record(run, type, $"AnalysisRun{status.Phase}", status.Message ?? $"the run ended {status.Phase}");
        }
    }

    private static bool Same(AnalysisRunStatus? left, AnalysisRunStatus right) =>
        left is not null && JsonSerializer.Serialize(left, RolloutsJsonContext.Default.AnalysisRunStatus) ==
        JsonSerializer.Serialize(right, RolloutsJsonContext.Default.AnalysisRunStatus);

    /// <summary>prometheus, web or judge: the provider of <paramref name="metric"/>, for the measurement duration metric.</summary>
    private static string ProviderOf(AnalysisRunSpec spec, string metric) =>
        spec.Metrics?.FirstOrDefault(m => m.Name == metric)?.Provider switch
        {
            { Prometheus: not null } => "prometheus",
            { Web: not null } => "web",
            { Judge: not null } => "judge",
            _ => "unknown",
        };
}
