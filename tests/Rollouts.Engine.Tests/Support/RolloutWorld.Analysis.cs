using Rollouts.Api.Analysis;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Tests.Support;

/// <summary>
/// The world's AnalysisRuns and templates. Runs are created and terminated by the plans; their status is written
/// by the test, as the operator's analysis controller would.
/// </summary>
internal sealed partial class RolloutWorld
{
    private readonly SortedDictionary<string, AnalysisRun> _runs = new(StringComparer.Ordinal);

    /// <summary>The templates that exist; "success-rate" and "error-rate" (one metric each, no arguments) at first.</summary>
    public List<NamedAnalysisTemplate> Templates { get; } = [AnalysisTemplate("success-rate"), AnalysisTemplate("error-rate")];

    public IReadOnlyCollection<AnalysisRun> AnalysisRuns => _runs.Values;

    /// <summary>An AnalysisTemplate with one metric named after it and the given arguments (name or name=default).</summary>
    public static NamedAnalysisTemplate AnalysisTemplate(string name, params string[] args) => new("AnalysisTemplate", name, new AnalysisTemplateSpec
    {
        Args = args.Length == 0 ? null : [.. args.Select(a => a.Split('=', 2)).Select(p => new AnalysisArgument { Name = p[0], Value = p.ElementAtOrDefault(1) })],
        Metrics = [new Metric { Name = name, SuccessCondition = "result[0] >= 0.99", Provider = new MetricProvider() }],
    });

    public AnalysisRun Run(string name) =>
        _runs.GetValueOrDefault(name) ?? throw new InvalidOperationException($"no AnalysisRun {name}; there are: {string.Join(", ", _runs.Keys)}");

    /// <summary>The run of <paramref name="image"/>'s step <paramref name="step"/> (null: background) and try, or null.</summary>
    public AnalysisRun? RunFor(string image, int? step, int attempt = 1) =>
        _runs.GetValueOrDefault(AnalysisRunFactory.NameFor("web", new AnalysisRunKey(Hash(image), step, attempt)));

    /// <summary>Writes the run's status, as the analysis controller does.</summary>
    public void SetRunPhase(string name, string phase, string? message = null)
    {
        var run = Run(name);
        _runs[name] = run with { Status = new AnalysisRunStatus { Phase = phase, Message = message } };
    }

    /// <summary>Sets the phase of the run of the current canary's current step (or its background run), for the current try.</summary>
    public void FinishAnalysis(int? step, string phase, string? message = null) =>
        SetRunPhase(CurrentRunName(step), phase, message);

    public string CurrentRunName(int? step) =>
        AnalysisRunFactory.NameFor("web", new AnalysisRunKey(Status.CurrentPodHash!, step, Status.Canary?.AnalysisAttempt ?? 1));

    public void PutAnalysisRun(AnalysisRun run) => _runs[run.Metadata.Name!] = run;

    private void CreateAnalysisRun(AnalysisRun run)
    {
        Assert.False(_runs.ContainsKey(run.Metadata.Name!), $"AnalysisRun {run.Metadata.Name} already exists");
        _runs[run.Metadata.Name!] = run with { Metadata = run.Metadata with { CreationTimestamp = Now, Uid = $"uid-{run.Metadata.Name}" } };
    }

    private void TerminateAnalysisRun(string name)
    {
        var run = Run(name);
        _runs[name] = run with { Spec = run.Spec! with { Terminate = true } };
    }
}
