using System.Diagnostics.Metrics;
using System.Reflection;
using Rollouts.Api.Rollouts;

namespace Rollouts.Operator.Telemetry;

/// <summary>
/// The operator's own instruments, on the meter <see cref="MeterName"/>. Controllers call the recording methods;
/// the per-Rollout gauges, leader status and build info are read at each scrape from the callbacks given here.
/// A <c>MetricsCollector</c> turns them into the Prometheus names listed in <c>docs/operator.md</c>
/// (<c>rollouts_rollout_info</c>, <c>rollouts_rollout_phase</c>, <c>rollouts_rollout_step_transitions_total</c>, ...).
/// Kubernetes requests and work queues have meters of their own in Rollouts.Kubernetes.
/// </summary>
public sealed class OperatorMetrics : IDisposable
{
    public const string MeterName = "Rollouts.Operator";

    /// <summary>The phases <c>rollouts_rollout_phase</c> always reports, 1 for the Rollout's own and 0 for the others.</summary>
    public static readonly IReadOnlyList<string> Phases =
        [RolloutPhase.Progressing, RolloutPhase.Paused, RolloutPhase.Healthy, RolloutPhase.Degraded];

    private static readonly InstrumentAdvice<double> ReconcileBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    };

    private static readonly InstrumentAdvice<double> MeasurementBuckets = new()
    {
        HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    };

    private readonly bool _ownsMeter;
    private readonly Counter<long> _stepTransitions;
    private readonly Counter<long> _aborts;
    private readonly Histogram<double> _reconcileDuration;
    private readonly Counter<long> _analysisRuns;
    private readonly Histogram<double> _measurementDuration;

    /// <param name="rollouts">The Rollouts known now (the informer cache), read at each scrape.</param>
    /// <param name="isLeading">True while this replica may write (holds the Lease, or runs without election).</param>
    /// <param name="meterFactory">Where to make the meter; without one the meter is made here and disposed with this.</param>
    public OperatorMetrics(Func<IEnumerable<RolloutSummary>> rollouts, Func<bool> isLeading, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(rollouts);
        ArgumentNullException.ThrowIfNull(isLeading);
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);

        Meter.CreateObservableGauge(
            "rollouts.rollout.info",
            () => rollouts().Select(r => new Measurement<int>(1, Tag("namespace", r.Namespace), Tag("rollout", r.Name), Tag("strategy", r.Strategy))),
            unit: null,
            "Information about a Rollout: always 1, labelled with its namespace, name and strategy.");
        Meter.CreateObservableGauge(
            "rollouts.rollout.phase",
            () => rollouts().SelectMany(PhaseMeasurements),
            unit: null,
            "The phase of a Rollout: 1 for the phase its status shows, 0 for the others.");
        _stepTransitions = Meter.CreateCounter<long>(
            "rollouts.rollout.step.transitions", "{transition}", "Times a Rollout moved from one canary step to the next.");
        _aborts = Meter.CreateCounter<long>(
            "rollouts.rollout.aborts", "{abort}", "Times a Rollout was aborted (all traffic back to stable), by reason.");
        _reconcileDuration = Meter.CreateHistogram(
            "rollouts.reconcile.duration", "s", "Duration of one reconcile of a Rollout, by result.", tags: null, ReconcileBuckets);
        _analysisRuns = Meter.CreateCounter<long>(
            "rollouts.analysis.runs", "{run}", "AnalysisRuns that reached a phase, by phase.");
        _measurementDuration = Meter.CreateHistogram(
            "rollouts.analysis.measurement.duration",
            "s",
            "Duration of one measurement of an analysis metric (the provider's query), by provider.",
            tags: null,
            MeasurementBuckets);
        Meter.CreateObservableGauge(
            "rollouts.leader",
            () => new Measurement<int>(isLeading() ? 1 : 0),
            unit: null,
            "1 while this replica may write: it holds the leader Lease or runs without leader election; 0 while it stands by.");
        var (version, revision) = BuildVersion();
        Meter.CreateObservableGauge(
            "rollouts.build.info",
            () => new Measurement<int>(1, Tag("version", version), Tag("revision", revision), Tag("runtime", Environment.Version.ToString())),
            unit: null,
            "Information about the operator's build: always 1, labelled with its version, source revision and .NET runtime.");
    }

    /// <summary>The operator's version (the assembly's informational version before any <c>+</c>).</summary>
    public static string Version => BuildVersion().Version;

    /// <summary>The meter the instruments live on.</summary>
    internal Meter Meter { get; }

    /// <summary>A Rollout moved from one step to another (once per transition, when the status that says so is written).</summary>
    public void StepTransitioned(string @namespace, string rollout) =>
        _stepTransitions.Add(1, Tag("namespace", @namespace), Tag("rollout", rollout));

    /// <summary>A Rollout was aborted; <paramref name="reason"/> is a short stable word (AnalysisFailed, User, ...), not a message.</summary>
    public void Aborted(string @namespace, string rollout, string reason) =>
        _aborts.Add(1, Tag("namespace", @namespace), Tag("rollout", rollout), Tag("reason", reason));

    /// <summary>One reconcile ended; <paramref name="result"/> is a short stable word (success, requeue, conflict, error).</summary>
    public void Reconciled(TimeSpan duration, string result) =>
        _reconcileDuration.Record(Math.Max(0, duration.TotalSeconds), Tag("result", result));

    /// <summary>An AnalysisRun reached <paramref name="phase"/> (Running, Successful, Failed, Error, Inconclusive).</summary>
    public void AnalysisRunPhase(string phase) => _analysisRuns.Add(1, Tag("phase", phase));

    /// <summary>One measurement by <paramref name="provider"/> (prometheus, web, job, ...) took <paramref name="duration"/>.</summary>
    public void Measured(string provider, TimeSpan duration) =>
        _measurementDuration.Record(Math.Max(0, duration.TotalSeconds), Tag("provider", provider));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    private static IEnumerable<Measurement<int>> PhaseMeasurements(RolloutSummary rollout)
    {
        var known = false;
        foreach (var phase in Phases)
        {
            var current = string.Equals(phase, rollout.Phase, StringComparison.Ordinal);
            known |= current;
            yield return new Measurement<int>(current ? 1 : 0, Tag("namespace", rollout.Namespace), Tag("rollout", rollout.Name), Tag("phase", phase));
        }

        if (!known && !string.IsNullOrEmpty(rollout.Phase))
        {
            yield return new Measurement<int>(1, Tag("namespace", rollout.Namespace), Tag("rollout", rollout.Name), Tag("phase", rollout.Phase));
        }
    }

    private static KeyValuePair<string, object?> Tag(string name, string? value) => new(name, value ?? "");

    private static (string Version, string Revision) BuildVersion()
    {
        var informational = typeof(OperatorMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(OperatorMetrics).Assembly.GetName().Version?.ToString()
            ?? "unknown";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? (informational, "") : (informational[..plus], informational[(plus + 1)..]);
    }
}
