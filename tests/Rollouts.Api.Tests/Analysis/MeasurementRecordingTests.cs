using Rollouts.Api.Analysis;

namespace Rollouts.Api.Tests.Analysis;

public sealed class MeasurementRecordingTests
{
    private static Measurement Taken(string phase, string? value = null) => new() { Phase = phase, Value = value };

    [Fact]
    public void Counts_each_phase_over_all_measurements_and_keeps_only_the_latest()
    {
        var result = new MetricResult { Name = "m" };
        string[] phases = [AnalysisPhase.Successful, AnalysisPhase.Failed, AnalysisPhase.Error, AnalysisPhase.Error, AnalysisPhase.Inconclusive];

        foreach (var (phase, i) in phases.Select((p, i) => (p, i)))
        {
            result = MeasurementRecording.Record(result, Taken(phase, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), retention: 3);
        }

        Assert.Equal(["2", "3", "4"], result.Measurements!.Select(m => m.Value));
        Assert.Equal((5, 1, 1, 1, 2, 0), (result.Count, result.Successful, result.Failed, result.Inconclusive, result.Error, result.ConsecutiveError));
    }

    [Fact]
    public void Consecutive_errors_count_up_and_reset_on_another_phase()
    {
        var result = new MetricResult { Name = "m" };

        result = MeasurementRecording.Record(result, Taken(AnalysisPhase.Error), 10);
        result = MeasurementRecording.Record(result, Taken(AnalysisPhase.Error), 10);
        var twice = result.ConsecutiveError;
        result = MeasurementRecording.Record(result, Taken(AnalysisPhase.Successful), 10);

        Assert.Equal(2, twice);
        Assert.Equal(0, result.ConsecutiveError);
    }

    [Fact]
    public void A_running_measurement_is_kept_but_not_counted()
    {
        var result = MeasurementRecording.Record(new MetricResult { Name = "m" }, Taken(AnalysisPhase.Running), 10);

        Assert.Single(result.Measurements!);
        Assert.Null(result.Count);
    }

    [Fact]
    public void A_huge_value_or_message_is_cut_to_a_bounded_length()
    {
        var raw = new string('x', 1_000_000);

        var result = MeasurementRecording.Record(new MetricResult { Name = "m" },
            new Measurement { Phase = AnalysisPhase.Error, Value = raw, Message = raw }, 10);

        var kept = Assert.Single(result.Measurements!);
        Assert.Equal(MeasurementRecording.MaxValueLength, kept.Value!.Length);
        Assert.Equal(MeasurementRecording.MaxMessageLength, kept.Message!.Length);
        Assert.EndsWith("... (truncated)", kept.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_values_are_kept_as_they_are() => Assert.Equal("[0.99]", MeasurementRecording.Bound("[0.99]", 100));

    [Fact]
    public void Retention_comes_from_the_spec_or_the_default()
    {
        var spec = new AnalysisRunSpec { MeasurementRetention = [new MeasurementRetention { MetricName = "a", Limit = 3 }] };

        Assert.Equal(3, MeasurementRecording.RetentionOf(spec, "a"));
        Assert.Equal(AnalysisDefaults.MeasurementRetention, MeasurementRecording.RetentionOf(spec, "b"));
    }
}
