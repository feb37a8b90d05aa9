using System.Diagnostics.Metrics;

namespace Rollouts.Operator.Telemetry;

/// <summary>
/// The runtime's own figures, read at each scrape, on the meter <see cref="MeterName"/>: bytes allocated since
/// start (<c>dotnet_gc_allocated_bytes_total</c>, whose rate is the allocation rate), collections by generation,
/// the GC heap, the working set and the CPU time of the process. They let a benchmark or a dashboard see what the
/// operator costs without a profiler attached.
/// </summary>
public sealed class ProcessMetrics : IDisposable
{
    public const string MeterName = "Rollouts.Process";

    private readonly Meter _meter = new(MeterName);

    public ProcessMetrics()
    {
        _meter.CreateObservableCounter(
            "dotnet.gc.allocated",
            () => GC.GetTotalAllocatedBytes(precise: false),
            "By",
            "Bytes allocated on the managed heap since the process started.");
        _meter.CreateObservableCounter(
            "dotnet.gc.collections",
            () => Enumerable.Range(0, GC.MaxGeneration + 1)
                .Select(g => new Measurement<long>(GC.CollectionCount(g), new KeyValuePair<string, object?>("generation", $"gen{g}"))),
            "{collection}",
            "Garbage collections since the process started, by generation (a gen1 collection also counts in gen0).");
        _meter.CreateObservableGauge(
            "dotnet.gc.heap.size",
            () => GC.GetTotalMemory(forceFullCollection: false),
            "By",
            "Bytes the managed heap holds now, live objects and garbage not yet collected.");
        _meter.CreateObservableGauge(
            "dotnet.gc.committed",
            () => GC.GetGCMemoryInfo().TotalCommittedBytes,
            "By",
            "Bytes of memory the GC has committed from the operating system, as of the last collection.");
        _meter.CreateObservableGauge(
            "process.working_set",
            () => Environment.WorkingSet,
            "By",
            "Physical memory the process uses now.");
        _meter.CreateObservableCounter(
            "process.cpu.time",
            () => Environment.CpuUsage.TotalTime.TotalSeconds,
            "s",
            "CPU time the process used since it started, user and kernel.");
    }

    public void Dispose() => _meter.Dispose();
}
