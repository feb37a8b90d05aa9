using Rollouts.Sandbox.Processes;

namespace Rollouts.Sandbox.Tests.Processes;

public sealed class ProcessSampleTests
{
    [Fact]
    public void Cpu_time_is_utime_plus_stime_even_when_the_command_name_holds_spaces_and_parentheses()
    {
        const string stat = "4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 12 0 100 200000000 5000";

        Assert.Equal(TimeSpan.FromSeconds(3.25), ProcessSample.CpuOf(stat));
    }

    [Fact]
    public void A_status_field_is_read_in_kibibytes_and_a_missing_one_is_named()
    {
        const string status = "Name:\tdotnet\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";

        Assert.Equal(102400, ProcessSample.StatusKiB(status, "VmRSS:"));
        var error = Assert.Throws<InvalidOperationException>(() => ProcessSample.StatusKiB(status, "RssAnon:"));
        Assert.Contains("RssAnon:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void This_process_has_a_working_set_no_larger_than_its_peak_and_some_cpu_time()
    {
        var sample = ProcessSample.Read(Environment.ProcessId);

        Assert.InRange(sample.WorkingSetBytes, 1, sample.PeakWorkingSetBytes);
        Assert.True(sample.AnonymousBytes + sample.FileBytes <= sample.WorkingSetBytes);
        Assert.True(sample.CpuTime > TimeSpan.Zero);
    }

    [Fact]
    public void A_metric_value_sums_the_series_that_match_and_ignores_longer_names()
    {
        const string scrape = """
            # TYPE workqueue_depth gauge
            workqueue_depth{name="rollouts"} 3
            workqueue_depth{name="analysisruns"} 4
            workqueue_depth_total 100
            dotnet_gc_allocated_bytes_total 1.5e+06
            """;

        Assert.Equal(7, OperatorProcess.MetricValue(scrape, "workqueue_depth"));
        Assert.Equal(3, OperatorProcess.MetricValue(scrape, "workqueue_depth", "name=\"rollouts\""));
        Assert.Equal(1_500_000, OperatorProcess.MetricValue(scrape, "dotnet_gc_allocated_bytes_total"));
        Assert.Null(OperatorProcess.MetricValue(scrape, "rollouts_leader"));
    }
}
