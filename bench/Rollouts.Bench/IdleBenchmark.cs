using System.Diagnostics;
using Rollouts.Sandbox.Processes;

namespace Rollouts.Bench;

/// <summary><c>idle --rollouts N</c>: N Healthy Rollouts left alone; what the operator allocates and spends meanwhile.</summary>
internal sealed class IdleBenchmark(string operatorAssembly, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> arguments, TextWriter log)
{
    public async Task<Dictionary<string, double>> RunAsync(int n, TimeSpan span)
    {
        await using var world = await BenchWorld.StartAsync().ConfigureAwait(false);
        await using var op = await OperatorProcess.StartAsync(new OperatorProcessOptions
        {
            AssemblyPath = operatorAssembly,
            KubeconfigPath = world.KubeconfigPath,
            Environment = environment,
            Arguments = arguments,
        }).ConfigureAwait(false);
        for (var i = 0; i < n; i++)
        {
            world.CreateRollout(BenchObjects.Name(i), BenchObjects.Rollout(BenchObjects.Name(i), "web:1"));
        }

        var started = Stopwatch.GetTimestamp();
        while (world.ListRollouts().Count(r => r["status"]?["phase"]?.GetValue<string>() == "Healthy") < n)
        {
            if (op.HasExited || Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(120 + (n * 0.6)))
            {
                throw new TimeoutException($"{n} Rollouts were not Healthy in time:\n{op.Log}");
            }

            // The store is polled, so the benchmark adds no watch to what it measures.
            await Task.Delay(200).ConfigureAwait(false);
        }

        await world.WaitQuietAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        world.Server.Requests.Reset();
        // One scrape at each end: a scrape of N Rollouts' series allocates too, so the span holds only part of the second.
        var (allocated0, gen0Before, gen2Before, reconciled0) = await GcAsync(op).ConfigureAwait(false);
        var before = op.Sample();
        var clock = Stopwatch.GetTimestamp();
        log.WriteLine($"{n} Rollouts Healthy; idle for {span.TotalSeconds:F0} s ...");
        // Idle is a span of time with nothing happening: the clock is all there is to wait on.
        await Task.Delay(span).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(clock).TotalSeconds;
        var after = op.Sample();
        var (allocated1, gen0After, gen2After, reconciled1) = await GcAsync(op).ConfigureAwait(false);
        var reconciles = reconciled1 - reconciled0;
        var (scrapeStart, _, _, _) = await GcAsync(op).ConfigureAwait(false);
        var (scrapeEnd, _, _, _) = await GcAsync(op).ConfigureAwait(false);
        var requests = world.Server.Requests.Snapshot().Where(kv => kv.Key.Verb != "watch").Sum(kv => kv.Value);
        var result = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["rollouts"] = n,
            ["seconds"] = Math.Round(seconds, 1),
            ["allocation_mb_per_second"] = Math.Round((allocated1 - allocated0) / seconds / 1e6, 3),
            ["cpu_ms_per_second"] = Math.Round((after.CpuTime - before.CpuTime).TotalMilliseconds / seconds, 2),
            ["working_set_mib"] = Math.Round(after.WorkingSetMiB, 1),
            ["working_set_anonymous_mib"] = Math.Round(after.AnonymousBytes / 1048576.0, 1),
            ["working_set_files_mib"] = Math.Round(after.FileBytes / 1048576.0, 1),
            ["gc_heap_mib"] = Math.Round((OperatorProcess.MetricValue(await op.ScrapeAsync().ConfigureAwait(false), "dotnet_gc_heap_size_bytes") ?? double.NaN) / (1024 * 1024), 1),
            ["gen0_collections"] = gen0After - gen0Before,
            ["gen2_collections"] = gen2After - gen2Before,
            ["requests"] = requests,
            ["reconciles"] = reconciles,
            ["metrics_scrape_mb"] = Math.Round((scrapeEnd - scrapeStart) / 1e6, 2),
            ["gc_committed_mib"] = Math.Round((OperatorProcess.MetricValue(await op.ScrapeAsync().ConfigureAwait(false), "dotnet_gc_committed_bytes") ?? double.NaN) / (1024 * 1024), 1),
        };
        log.WriteLine($"allocated {(allocated1 - allocated0) / 1e6:F2} MB in {seconds:F1} s; CPU {(after.CpuTime - before.CpuTime).TotalMilliseconds:F0} ms; "
                      + $"gen0 {gen0After - gen0Before}, gen2 {gen2After - gen2Before}; requests other than watches: {requests}");
        return result;
    }

    /// <summary>Bytes allocated so far, collections of gen0 and gen2 and reconciles, from one scrape of the operator's /metrics.</summary>
    private static async Task<(double Allocated, double Gen0, double Gen2, double Reconciles)> GcAsync(OperatorProcess op)
    {
        var scrape = await op.ScrapeAsync().ConfigureAwait(false);
        return (OperatorProcess.MetricValue(scrape, "dotnet_gc_allocated_bytes_total") ?? double.NaN,
            OperatorProcess.MetricValue(scrape, "dotnet_gc_collections_total", "generation=\"gen0\"") ?? double.NaN,
            OperatorProcess.MetricValue(scrape, "dotnet_gc_collections_total", "generation=\"gen2\"") ?? double.NaN,
            OperatorProcess.MetricValue(scrape, "rollouts_reconcile_duration_seconds_count") ?? 0);
    }
}
