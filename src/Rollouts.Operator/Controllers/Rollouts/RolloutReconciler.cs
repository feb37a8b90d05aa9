using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Rollouts.Api.Common;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Traffic.GatewayApi;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Runtime;
using Rollouts.Kubernetes.Runtime.Events;
using Rollouts.Operator.Execution;
using Rollouts.Operator.Hosting;

using Rollouts.Operator.Telemetry;

namespace Rollouts.Operator.Controllers.Rollouts;

/// <summary>
/// One reconcile of one Rollout: read it and its world from the informer caches, default and validate it, ask the
/// planner, apply the plan's actions in order (stopping at the first failure), write the status when it changed,
/// then record the plan's events. Every write is made with the leading token, so a replica that stops leading
/// stops writing at once.
/// </summary>
internal sealed class RolloutReconciler
{
    private static readonly WriteOptions Write = new() { FieldManager = OperatorOptions.Component };

    private readonly IResourceClient<Rollout> _rollouts;
    private readonly RolloutInformers _caches;
    private readonly IEventRecorder _events;
    private readonly WriteExpectations _expectations;
    private readonly ActionExecutor _executor;
    private readonly StatusCoalescer _coalescer;
    private readonly TimeProvider _time;
    private readonly Action<Observation, Plan>? _planObserved;
    private readonly ILogger _logger;
    private readonly OperatorMetrics? _metrics;

    public RolloutReconciler(IKubernetesClient client, RolloutInformers caches, IEventRecorder events, OperatorOptions options, ILogger logger,
        OperatorMetrics? metrics = null)
    {
        _metrics = metrics;
        _rollouts = client.Resource<Rollout>();
        _caches = caches;
        _events = events;
        _time = options.TimeProvider;
        _expectations = new WriteExpectations(_time, options.CacheCatchUpTimeout);
        _executor = new ActionExecutor(client, caches, _expectations);
        _coalescer = new StatusCoalescer(_time, options.StatusCountsDelay);
        _planObserved = options.PlanObserved;
        _logger = logger;
    }

    /// <summary>Reconciles the Rollout named <paramref name="key"/>. API failures become the outcome; cancellation of <paramref name="leading"/> is thrown.</summary>
    public async Task<ReconcileOutcome> ReconcileAsync(ObjectKey key, CancellationToken leading)
    {
        var started = _time.GetTimestamp();
        var outcome = await ReconcileOnceAsync(key, leading).ConfigureAwait(false);
        _metrics?.Reconciled(_time.GetElapsedTime(started), outcome == ReconcileOutcome.RetryNow ? "conflict"
            : outcome == ReconcileOutcome.RetryWithBackoff ? "error"
            : outcome == ReconcileOutcome.Done ? "success" : "requeue");
        return outcome;
    }

    private async Task<ReconcileOutcome> ReconcileOnceAsync(ObjectKey key, CancellationToken leading)
    {
        var rollout = _caches.Rollouts.Cache.Get(key);
        if (rollout is null)
        {
            _expectations.Forget(key);
            _coalescer.Clear(key);
            return ReconcileOutcome.Done;
        }

        if (_expectations.Unmet(key) is { } wait)
        {
            RolloutLog.WaitingForCache(_logger, key.Namespace, key.Name);
            return ReconcileOutcome.Requeue(wait);
        }

        return await ApiFailures.OutcomeAsync(
            () => rollout.Metadata.DeletionTimestamp is null ? SyncAsync(key, rollout, leading) : FinalizeAsync(key, rollout, leading),
            e => RolloutLog.Conflict(_logger, key.Namespace, key.Name, e.Message),
            e => RolloutLog.WriteFailed(_logger, e, key.Namespace, key.Name)).ConfigureAwait(false);
    }

    private async Task<ReconcileOutcome> SyncAsync(ObjectKey key, Rollout rollout, CancellationToken leading)
    {
        var errors = RolloutValidation.Validate(rollout);
        if (errors.Count > 0)
        {
            return await ReportInvalidAsync(key, rollout, errors, leading).ConfigureAwait(false);
        }

        if (!RolloutFinalizer.IsOn(rollout))
        {
            rollout = await PatchRolloutAsync(key, rollout, RolloutFinalizer.AddPatch(rollout), leading).ConfigureAwait(false);
        }

        var defaulted = RolloutDefaulting.Apply(rollout) with { Status = InvalidSpecStatus.Without(rollout.Status) };
        var observation = ObservationReader.Read(defaulted, _caches, _time.GetUtcNow());
        var plan = RolloutPlanner.Plan(observation);
        _planObserved?.Invoke(observation, plan);

        foreach (var action in plan.Actions.Where(a => a is not RecordEvent))
        {
            leading.ThrowIfCancellationRequested();
            RolloutLog.Applying(_logger, key.Namespace, key.Name, action.ToString());
            await _executor.ApplyAsync(key, action, leading).ConfigureAwait(false);
        }

        var requeueAfter = plan.RequeueAfter;
        if (StatusEquality.AreEqual(rollout.Status, plan.Status))
        {
            _coalescer.Clear(key);
        }
        else if (_coalescer.Hold(key, rollout.Status, plan.Status, plan.Actions.Any(a => a is RecordEvent)) is { } held)
        {
            // Only pod counts changed: the write waits, and any write before then carries the newest counts.
            RolloutLog.StatusHeld(_logger, key.Namespace, key.Name, held);
            requeueAfter = requeueAfter is { } wake && wake < held ? wake : held;
        }
        else
        {
            await WriteStatusAsync(key, rollout, plan.Status, leading).ConfigureAwait(false);
            _coalescer.Clear(key);
            Count(key, rollout.Status, plan.Status);
        }

        foreach (var recorded in plan.Actions.OfType<RecordEvent>())
        {
            Record(rollout, recorded.Type == RecordEvent.Warning ? EventType.Warning : EventType.Normal, recorded.Reason, recorded.Message, leading);
        }

        return ReconcileOutcome.Requeue(requeueAfter);
    }

    /// <summary>An invalid Rollout gets the InvalidSpec condition and a Warning event; nothing else changes.</summary>
    private async Task<ReconcileOutcome> ReportInvalidAsync(ObjectKey key, Rollout rollout, IReadOnlyList<ValidationError> errors, CancellationToken leading)
    {
        var status = InvalidSpecStatus.For(rollout, errors, _time.GetUtcNow());
        if (StatusEquality.AreEqual(rollout.Status, status))
        {
            return ReconcileOutcome.Done;
        }

        var message = RolloutValidation.InvalidSpecMessage(errors);
        RolloutLog.InvalidSpec(_logger, key.Namespace, key.Name, message);
        await WriteStatusAsync(key, rollout, status, leading).ConfigureAwait(false);
        if (!InvalidSpecStatus.Reports(rollout.Status, errors))
        {
            Record(rollout, EventType.Warning, InvalidSpecStatus.Reason, message, leading);
        }

        return ReconcileOutcome.Done;
    }

    /// <summary>A Rollout being deleted: its canary ingresses go first (all traffic back to stable), then the finalizer.</summary>
    private async Task<ReconcileOutcome> FinalizeAsync(ObjectKey key, Rollout rollout, CancellationToken leading)
    {
        if (!RolloutFinalizer.IsOn(rollout))
        {
            return ReconcileOutcome.Done;
        }

        var canaries = rollout.Metadata.Uid is { } uid
            ? _caches.Ingresses.Cache.ByOwner(uid).Where(i => RolloutOwnership.IsControlledBy(i.Metadata, rollout)).ToList()
            : [];
        foreach (var ingress in canaries)
        {
            leading.ThrowIfCancellationRequested();
            RolloutLog.Applying(_logger, key.Namespace, key.Name, $"delete-ingress {ingress.Metadata.Name}");
            await _executor.DeleteIngressAsync(key, ingress.Metadata.Name!, leading).ConfigureAwait(false);
        }

        var routes = GatewayApiRestore.Actions(ObservationReader.Read(rollout, _caches, _time.GetUtcNow()));
        foreach (var route in routes)
        {
            leading.ThrowIfCancellationRequested();
            RolloutLog.Applying(_logger, key.Namespace, key.Name, route.ToString());
            await _executor.ApplyHttpRouteAsync(key, route, leading).ConfigureAwait(false);
        }

        await PatchRolloutAsync(key, rollout, RolloutFinalizer.RemovePatch(rollout), leading).ConfigureAwait(false);
        RolloutLog.Finalized(_logger, key.Namespace, key.Name, canaries.Count);
        Record(rollout, EventType.Normal, "TrafficRestored",
            canaries.Count == 0 ? "deleted: no canary ingress to remove" : $"deleted: canary ingresses {string.Join(", ", canaries.Select(i => i.Metadata.Name))} removed, all traffic on the stable version",
            leading);
        return ReconcileOutcome.Done;
    }

    private async Task<Rollout> PatchRolloutAsync(ObjectKey key, Rollout rollout, JsonObject patch, CancellationToken leading)
    {
        leading.ThrowIfCancellationRequested();
        try
        {
            var patched = await _rollouts.PatchAsync(key.Namespace, key.Name, Patch.Merge(patch), Write, leading).ConfigureAwait(false);
            _expectations.ExpectChanged(key, _caches.Rollouts.Cache, key, rollout.Metadata.ResourceVersion, patched.Metadata.ResourceVersion);
            return patched;
        }
        catch (ConflictException)
        {
            _expectations.ExpectChanged(key, _caches.Rollouts.Cache, key, rollout.Metadata.ResourceVersion);
            throw;
        }
    }

    /// <summary>Replaces the status through the status subresource, conditioned on the resourceVersion read.</summary>
    private async Task WriteStatusAsync(ObjectKey key, Rollout rollout, RolloutStatus status, CancellationToken leading)
    {
        leading.ThrowIfCancellationRequested();
        Rollout written;
        try
        {
            written = await _rollouts.ReplaceStatusAsync(rollout with { Status = status }, Write, leading).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            // Refused as stale: the cache has to show the newer Rollout before the next plan.
            _expectations.ExpectChanged(key, _caches.Rollouts.Cache, key, rollout.Metadata.ResourceVersion);
            throw;
        }

        _expectations.ExpectChanged(key, _caches.Rollouts.Cache, key, rollout.Metadata.ResourceVersion, written.Metadata.ResourceVersion);
    }

    private void Record(Rollout rollout, EventType type, string reason, string message, CancellationToken leading)
    {
        if (!leading.IsCancellationRequested)
        {
            _events.Record(rollout, type, reason, message);
        }
    }

    /// <summary>Step transitions and aborts, from a status just written over <paramref name="before"/>.</summary>
    private void Count(ObjectKey key, RolloutStatus? before, RolloutStatus after)
    {
        if (_metrics is null)
        {
            return;
        }

        if (after.CurrentStepIndex != before?.CurrentStepIndex && after.CurrentPodHash == before?.CurrentPodHash)
        {
            _metrics.StepTransitioned(key.Namespace ?? "", key.Name);
        }

        if (after.Abort == true && after.AbortedAt is not null && before?.AbortedAt is null)
        {
            var reason = after.History?.LastOrDefault(d => d.Action == "RolloutAborted")?.Reason ?? "AbortRequested";
            _metrics.Aborted(key.Namespace ?? "", key.Name, reason);
        }
    }
}
