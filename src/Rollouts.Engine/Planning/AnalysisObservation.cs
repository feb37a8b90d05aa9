using System.Globalization;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Planning;

/// <summary>
/// The verdicts of the Rollout's AnalysisRuns, read from the runs the controller observed (their labels say which
/// analysis each is, their status its phase and message). The planner only reads verdicts; the runs are measured
/// by the operator.
/// </summary>
public sealed class AnalysisObservation
{
    private readonly Dictionary<AnalysisRunKey, AnalysisVerdict> _byKey;

    private AnalysisObservation(IReadOnlyList<AnalysisVerdict> verdicts, string rolloutName)
    {
        Verdicts = verdicts;
        _byKey = [];
        foreach (var verdict in verdicts)
        {
            // Two runs with one key (a copy made by hand): the one named as the operator names it wins.
            if (verdict.Key is { } key && (!_byKey.TryGetValue(key, out var kept) || verdict.RunName == AnalysisRunFactory.NameFor(rolloutName, key)))
            {
                _byKey[key] = verdict;
            }
        }
    }

    /// <summary>Every observed run of the Rollout, keyed or not, ordered by name.</summary>
    public IReadOnlyList<AnalysisVerdict> Verdicts { get; }

    /// <summary>The verdicts of <paramref name="runs"/> (the runs one Rollout owns).</summary>
    public static AnalysisObservation From(IReadOnlyList<AnalysisRun> runs, string rolloutName)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return new([.. runs.OrderBy(r => r.Metadata.Name, StringComparer.Ordinal).Select(AnalysisVerdict.Of)], rolloutName);
    }

    /// <summary>The highest try among the observed runs of <paramref name="podTemplateHash"/>, or 0 when there is none.</summary>
    public int LastAttempt(string podTemplateHash) =>
        Verdicts.Where(v => v.Key?.PodTemplateHash == podTemplateHash).Select(v => v.Key!.Attempt).DefaultIfEmpty(0).Max();

    /// <summary>The verdict of the run for <paramref name="key"/>, or null when no such run was observed.</summary>
    public AnalysisVerdict? Find(AnalysisRunKey key) => _byKey.GetValueOrDefault(key);
}

/// <summary>Which analysis a run is: for which canary version, which step (null: background), which try.</summary>
/// <param name="PodTemplateHash">The canary (or new blue-green) version the run measures.</param>
/// <param name="StepIndex">The analysis step it belongs to, or null for background analysis.</param>
/// <param name="Attempt">The try of the canary (status.canary.analysisAttempt, status.blueGreen.analysisAttempt), from 1.</param>
/// <param name="PromotionKind">
/// For blue-green: <see cref="AnalysisLabels.PrePromotionKind"/> or <see cref="AnalysisLabels.PostPromotionKind"/> (and no step); null for canary runs.
/// </param>
public sealed record AnalysisRunKey(string PodTemplateHash, int? StepIndex, int Attempt, string? PromotionKind = null)
{
    public bool IsBackground => StepIndex is null && PromotionKind is null;

    /// <summary>The run of strategy.blueGreen.prePromotionAnalysis for <paramref name="hash"/>.</summary>
    public static AnalysisRunKey PrePromotion(string hash, int attempt) => new(hash, null, attempt, AnalysisLabels.PrePromotionKind);

    /// <summary>The run of strategy.blueGreen.postPromotionAnalysis for <paramref name="hash"/>.</summary>
    public static AnalysisRunKey PostPromotion(string hash, int attempt) => new(hash, null, attempt, AnalysisLabels.PostPromotionKind);

    /// <summary>The key the run's labels give, or null when they do not name an analysis of a Rollout.</summary>
    public static AnalysisRunKey? Of(AnalysisRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var labels = run.Metadata.Labels;
        if (labels is null || !labels.TryGetValue(RolloutLabels.PodTemplateHash, out var hash) || string.IsNullOrEmpty(hash))
        {
            return null;
        }

        var attempt = 1;
        if (labels.TryGetValue(AnalysisLabels.Attempt, out var text) &&
            (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out attempt) || attempt < 1))
        {
            return null;
        }

        return labels.GetValueOrDefault(AnalysisLabels.Kind) switch
        {
            AnalysisLabels.BackgroundKind => new AnalysisRunKey(hash, null, attempt),
            AnalysisLabels.PrePromotionKind or AnalysisLabels.PostPromotionKind => new AnalysisRunKey(hash, null, attempt, labels[AnalysisLabels.Kind]),
            AnalysisLabels.StepKind when int.TryParse(labels.GetValueOrDefault(AnalysisLabels.StepIndex), NumberStyles.None, CultureInfo.InvariantCulture, out var step)
                => new AnalysisRunKey(hash, step, attempt),
            _ => null,
        };
    }

    /// <summary>The key's labels, as <see cref="Of"/> reads them.</summary>
    public IReadOnlyDictionary<string, string> Labels()
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [RolloutLabels.PodTemplateHash] = PodTemplateHash,
            [AnalysisLabels.Kind] = PromotionKind ?? (StepIndex is null ? AnalysisLabels.BackgroundKind : AnalysisLabels.StepKind),
            [AnalysisLabels.Attempt] = Attempt.ToString(CultureInfo.InvariantCulture),
        };
        if (StepIndex is { } step)
        {
            labels[AnalysisLabels.StepIndex] = step.ToString(CultureInfo.InvariantCulture);
        }

        return labels;
    }
}

/// <summary>The state of one observed AnalysisRun.</summary>
/// <param name="Key">Which analysis it is, or null when its labels do not say.</param>
/// <param name="RunName">The run's name.</param>
/// <param name="Phase">One of <see cref="AnalysisPhase"/>; Pending while the run has no status yet.</param>
/// <param name="Message">For a run that ended badly: which metric, with its value.</param>
/// <param name="Terminating">spec.terminate is set: the run was asked to stop.</param>
public sealed record AnalysisVerdict(AnalysisRunKey? Key, string RunName, string Phase, string? Message, bool Terminating)
{
    /// <summary>The run ended (Successful, Failed, Error or Inconclusive).</summary>
    public bool Completed => AnalysisPhase.IsCompleted(Phase);

    /// <summary>The run ended in Failed or Error.</summary>
    public bool Unsuccessful => Phase is AnalysisPhase.Failed or AnalysisPhase.Error;

    public static AnalysisVerdict Of(AnalysisRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var status = run.Status;
        var phase = string.IsNullOrEmpty(status?.Phase) ? AnalysisPhase.Pending : status.Phase;
        return new AnalysisVerdict(AnalysisRunKey.Of(run), run.Metadata.Name ?? "", phase, Explain(status, phase), run.Spec?.Terminate == true);
    }

    /// <summary>The run's message, or for a run that ended without one, the messages of the metrics that decided it.</summary>
    private static string? Explain(AnalysisRunStatus? status, string phase)
    {
        if (!string.IsNullOrEmpty(status?.Message) || !AnalysisPhase.IsCompleted(phase) || phase == AnalysisPhase.Successful)
        {
            return string.IsNullOrEmpty(status?.Message) ? null : status.Message;
        }

        var metrics = (status?.MetricResults ?? []).Where(m => m.Phase == phase && m.DryRun != true)
            .Select(m => string.IsNullOrEmpty(m.Message) ? $"metric {m.Name} {phase.ToLowerInvariant()}" : $"metric {m.Name}: {m.Message}")
            .ToList();
        return metrics.Count > 0 ? string.Join("; ", metrics) : null;
    }
}
