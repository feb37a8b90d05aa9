using System.Reflection;
using Rollouts.Kubernetes.Runtime.Metrics;
using Rollouts.Operator.Telemetry;

namespace Rollouts.Operator.Tests.Telemetry;

/// <summary>The operator's own metrics as a scrape shows them.</summary>
public sealed class OperatorMetricsTests
{
    private readonly List<RolloutSummary> _rollouts = [];
    private bool _leading;

    [Fact]
    public void Every_Rollout_has_an_info_series_and_one_phase_series_per_phase_with_1_for_its_own()
    {
        using var metrics = NewMetrics();
        using var collector = Collect(metrics);
        _rollouts.Add(new("shop", "web", "canary", "Paused"));
        _rollouts.Add(new("ops", "api", "canary", ""));

        var text = collector.Render();

        Assert.Equal(Text("""
            # HELP rollouts_rollout_info Information about a Rollout: always 1, labelled with its namespace, name and strategy.
            # TYPE rollouts_rollout_info gauge
            rollouts_rollout_info{namespace="ops",rollout="api",strategy="canary"} 1
            rollouts_rollout_info{namespace="shop",rollout="web",strategy="canary"} 1
            """), Family(text, "rollouts_rollout_info"));
        Assert.Equal(Text("""
            # HELP rollouts_rollout_phase The phase of a Rollout: 1 for the phase its status shows, 0 for the others.
            # TYPE rollouts_rollout_phase gauge
            rollouts_rollout_phase{namespace="ops",phase="Degraded",rollout="api"} 0
            rollouts_rollout_phase{namespace="ops",phase="Healthy",rollout="api"} 0
            rollouts_rollout_phase{namespace="ops",phase="Paused",rollout="api"} 0
            rollouts_rollout_phase{namespace="ops",phase="Progressing",rollout="api"} 0
            rollouts_rollout_phase{namespace="shop",phase="Degraded",rollout="web"} 0
            rollouts_rollout_phase{namespace="shop",phase="Healthy",rollout="web"} 0
            rollouts_rollout_phase{namespace="shop",phase="Paused",rollout="web"} 1
            rollouts_rollout_phase{namespace="shop",phase="Progressing",rollout="web"} 0
            """), Family(text, "rollouts_rollout_phase"));
    }

    [Fact]
    public void A_deleted_Rollout_disappears_from_the_next_scrape()
    {
        using var metrics = NewMetrics();
        using var collector = Collect(metrics);
        _rollouts.Add(new("shop", "web", "canary", "Healthy"));
        Assert.Contains("rollout=\"web\"", collector.Render(), StringComparison.Ordinal);

        _rollouts.Clear();

        Assert.DoesNotContain("rollout=\"web\"", collector.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Leader_status_follows_the_callback()
    {
        using var metrics = NewMetrics();
        using var collector = Collect(metrics);

        var standing = Family(collector.Render(), "rollouts_leader");
        _leading = true;
        var leading = Family(collector.Render(), "rollouts_leader");

        Assert.EndsWith("\nrollouts_leader 0", standing, StringComparison.Ordinal);
        Assert.EndsWith("\nrollouts_leader 1", leading, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_info_carries_the_assembly_version_and_revision()
    {
        using var metrics = NewMetrics();
        using var collector = Collect(metrics);
        var informational = typeof(OperatorMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var parts = informational.Split('+', 2);

        var sample = Family(collector.Render(), "rollouts_build_info").Split('\n')[^1];

        Assert.Equal(parts[0], OperatorMetrics.Version);
        Assert.Equal(
            $"rollouts_build_info{{revision=\"{(parts.Length > 1 ? parts[1] : "")}\",runtime=\"{Environment.Version}\",version=\"{parts[0]}\"}} 1",
            sample);
    }

    [Fact]
    public void Step_transitions_aborts_and_analysis_run_phases_are_counted_by_their_labels()
    {
        using var metrics = NewMetrics();
        using var collector = Collect(metrics);

        metrics.StepTransitioned("shop", "web");
        metrics.StepTransitioned("shop", "web");
        metrics.Aborted("shop", "web", "AnalysisFailed");
        metrics.AnalysisRunPhase("Successful");
        metrics.AnalysisRunPhase("Failed");
        metrics.AnalysisRunPhase("Successful");
        var text = collector.Render();

        Assert.Equal(Text("""
            # HELP rollouts_rollout_step_transitions_total Times a Rollout moved from one canary step to the next.
            # TYPE rollouts_rollout_step_transitions_total counter
            rollouts_rollout_step_transitions_total{namespace="shop",rollout="web"} 2
            """), Family(text, "rollouts_rollout_step_transitions_total"));
        Assert.Equal(Text("""
            # HELP rollouts_rollout_aborts_total Times a Rollout was aborted (all traffic back to stable), by reason.
            # TYPE rollouts_rollout_aborts_total counter
            rollouts_rollout_aborts_total{namespace="shop",reason="AnalysisFailed",rollout="web"} 1
            """), Family(text, "rollouts_rollout_aborts_total"));
        Assert.Equal(Text("""
            # HELP rollouts_analysis_runs_total AnalysisRuns that reached a phase, by phase.
            # TYPE rollouts_analysis_runs_total counter
            rollouts_analysis_runs_total{phase="Failed"} 1
            rollouts_analysis_runs_total{phase="Successful"} 2
            """), Family(text, "rollouts_analysis_runs_total"));
    }

    [Fact]
    public void Reconcile_and_measurement_durations_are_histograms_in_seconds()
    {
        using var metrics = NewMetrics();
        using var collector = Collect(metrics);

        metrics.Reconciled(TimeSpan.FromMilliseconds(250), "success");
        metrics.Reconciled(TimeSpan.FromSeconds(2), "success");
        metrics.Measured("prometheus", TimeSpan.FromMilliseconds(200));
        var text = collector.Render();

        var reconcile = Family(text, "rollouts_reconcile_duration_seconds").Split('\n');
        Assert.Equal("# TYPE rollouts_reconcile_duration_seconds histogram", reconcile[1]);
        Assert.Contains("rollouts_reconcile_duration_seconds_bucket{result=\"success\",le=\"0.1\"} 0", reconcile);
        Assert.Contains("rollouts_reconcile_duration_seconds_bucket{result=\"success\",le=\"0.25\"} 1", reconcile);
        Assert.Contains("rollouts_reconcile_duration_seconds_bucket{result=\"success\",le=\"2.5\"} 2", reconcile);
        Assert.Contains("rollouts_reconcile_duration_seconds_sum{result=\"success\"} 2.25", reconcile);
        Assert.Contains("rollouts_reconcile_duration_seconds_count{result=\"success\"} 2", reconcile);
        var measurement = Family(text, "rollouts_analysis_measurement_duration_seconds").Split('\n');
        Assert.Contains("rollouts_analysis_measurement_duration_seconds_bucket{provider=\"prometheus\",le=\"0.1\"} 0", measurement);
        Assert.Contains("rollouts_analysis_measurement_duration_seconds_bucket{provider=\"prometheus\",le=\"0.25\"} 1", measurement);
        Assert.Contains("rollouts_analysis_measurement_duration_seconds_count{provider=\"prometheus\"} 1", measurement);
    }

    /// <summary>The HELP, TYPE and sample lines of one family in a scrape, without the final line feed.</summary>
    internal static string Family(string text, string name) =>
        string.Join('\n', text.Split('\n').Where(l =>
            l.StartsWith($"# HELP {name} ", StringComparison.Ordinal)
            || l.StartsWith($"# TYPE {name} ", StringComparison.Ordinal)
            || new[] { "", "_bucket", "_sum", "_count" }.Any(suffix =>
                l.StartsWith(name + suffix + " ", StringComparison.Ordinal) || l.StartsWith(name + suffix + "{", StringComparison.Ordinal))));

    private OperatorMetrics NewMetrics() => new(() => _rollouts.ToList(), () => _leading);

    private static MetricsCollector Collect(OperatorMetrics metrics) => new(m => ReferenceEquals(m, metrics.Meter));

    private static string Text(string text) => text.ReplaceLineEndings("\n");
}
