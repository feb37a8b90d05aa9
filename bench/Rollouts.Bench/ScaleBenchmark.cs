using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.Processes;

namespace Rollouts.Bench;

/// <summary>
/// <c>scale --rollouts N</c>: N Rollouts synced by the operator (a process of its own), then every template changed
/// at once and each Rollout driven through setWeight 25, 50, 75 to promotion; then the same for one Rollout (in
/// rounds, so that its p99 has enough steps behind it). See docs/benchmarks.md for each figure.
/// </summary>
internal sealed class ScaleBenchmark(string operatorAssembly, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> arguments, TextWriter log)
{
    /// <summary>The figures of one run at one N.</summary>
    internal sealed record RunResult(
        int Rollouts, double WorkingSetMibSynced, double WorkingSetMibPeak, double CpuMsPerStep, List<double> Latencies,
        double WritesPerStep, double GetsPerStep, long NoopWrites, double SyncedSeconds, double RawPatchMsP50);

    public async Task<ScaleReport> RunAsync(int rollouts)
    {
        var wall = Stopwatch.GetTimestamp();
        var main = await RunOnceAsync(rollouts, rounds: 1).ConfigureAwait(false);
        var single = await RunOnceAsync(1, rounds: 10).ConfigureAwait(false);
        var p99 = Percentiles.Of(main.Latencies, 99);
        var singleP99 = Percentiles.Of(single.Latencies, 99);
        return new ScaleReport
        {
            Rollouts = rollouts,
            WorkingSetMibSynced = Math.Round(main.WorkingSetMibSynced, 1),
            WorkingSetMibPeak = Math.Round(main.WorkingSetMibPeak, 1),
            CpuMsPerStep = Math.Round(main.CpuMsPerStep, 2),
            StepLatencyMsP50 = Math.Round(Percentiles.Of(main.Latencies, 50), 1),
            StepLatencyMsP99 = Math.Round(p99, 1),
            WritesPerStep = Math.Round(main.WritesPerStep, 2),
            GetsPerStep = Math.Round(main.GetsPerStep, 2),
            NoopReconcileWrites = main.NoopWrites,
            SyncedSeconds = Math.Round(main.SyncedSeconds, 2),
            RawPatchMsP50 = Math.Round(main.RawPatchMsP50, 2),
            SingleStepLatencyMsP99 = Math.Round(singleP99, 1),
            RatioP99VsSingle = Math.Round(p99 / singleP99, 2),
            WallSeconds = Math.Round(Stopwatch.GetElapsedTime(wall).TotalSeconds, 1),
        };
    }

    private async Task<RunResult> RunOnceAsync(int n, int rounds)
    {
        log.WriteLine($"== {n} Rollout(s), {rounds} round(s)");
        await using var world = await BenchWorld.StartAsync().ConfigureAwait(false);
        await using var tracker = new StepTracker(world.Server.Store);
        var options = new OperatorProcessOptions { AssemblyPath = operatorAssembly, KubeconfigPath = world.KubeconfigPath, Environment = environment, Arguments = arguments };

        // 1. The first operator brings N new Rollouts to Healthy.
        var phase = Stopwatch.GetTimestamp();
        await using (var first = await OperatorProcess.StartAsync(options).ConfigureAwait(false))
        {
            for (var i = 0; i < n; i++)
            {
                world.CreateRollout(BenchObjects.Name(i), BenchObjects.Rollout(BenchObjects.Name(i), "web:1"));
            }

            await WaitAsync(() => world.ListRollouts().Count(r => Phase(r) == "Healthy") == n, Deadline(n), $"{n} Rollouts Healthy", first)
                .ConfigureAwait(false);
            log.WriteLine($"   created and Healthy in {Stopwatch.GetElapsedTime(phase).TotalSeconds:F1} s");
            await world.WaitQuietAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        // 2. A new operator takes over N Rollouts at rest: every reconcile is a no-op.
        world.Server.Requests.Reset();
        await using var op = await OperatorProcess.StartAsync(options with { WaitReady = false }).ConfigureAwait(false);
        var (ready, synced) = await WaitSyncedAsync(op, n).ConfigureAwait(false);
        await world.WaitQuietAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var noop = world.OperatorWrites();
        var atRest = op.Sample();
        var heap = OperatorProcess.MetricValue(await op.ScrapeAsync().ConfigureAwait(false), "dotnet_gc_heap_size_bytes") / (1024 * 1024);
        log.WriteLine($"   restarted operator: ready {ready:F2} s, every Rollout reconciled {synced:F2} s after start; "
                      + $"writes {noop}; working set {atRest.WorkingSetMiB:F1} MiB (anonymous {atRest.AnonymousBytes / 1048576.0:F1}, "
                      + $"files {atRest.FileBytes / 1048576.0:F1}; GC heap {heap:F1} MiB)");

        // 3. Every template changes at once; each Rollout goes through 25, 50, 75 and is promoted.
        var latencies = new List<double>();
        var patches = new List<double>();
        long writes = 0, gets = 0;
        var cpu = TimeSpan.Zero;
        for (var round = 0; round < rounds; round++)
        {
            var stable = world.ListRollouts().ToDictionary(
                r => r["metadata"]!["name"]!.GetValue<string>(), r => r["status"]!["stableRS"]!.GetValue<string>(), StringComparer.Ordinal);
            world.Server.Requests.Reset();
            var before = op.Sample();
            tracker.BeginRound(stable);
            using var probing = new CancellationTokenSource();
            var prober = ProbeAsync(world, patches, probing.Token);
            var image = "web:" + (round + 2).ToString(CultureInfo.InvariantCulture);
            for (var i = 0; i < n; i++)
            {
                world.SetImage(BenchObjects.Name(i), image);
            }

            await WaitAsync(() => tracker.Promoted == n, Deadline(n), $"{n} Rollouts promoted", op).ConfigureAwait(false);
            var promoted = Stopwatch.GetElapsedTime(tracker.RoundStart).TotalSeconds;
            await probing.CancelAsync().ConfigureAwait(false);
            await prober.ConfigureAwait(false);
            await world.WaitQuietAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            cpu += op.Sample().CpuTime - before.CpuTime;
            writes += world.OperatorWrites();
            gets += world.OperatorGets();
            var (roundLatencies, missing) = tracker.StepLatencies(BenchObjects.Weights);
            latencies.AddRange(roundLatencies);
            if (round == 0 || missing > 0)
            {
                log.WriteLine($"   round {round + 1}: promoted {promoted:F1} s after the change; steps measured {roundLatencies.Count}, "
                              + $"unmeasured {missing}; requests: {world.RequestBreakdown()}");
            }
        }

        var steps = (double)n * BenchObjects.Weights.Count * rounds;
        var peak = op.Sample().PeakWorkingSetMiB;
        await op.StopAsync().ConfigureAwait(false);
        var result = new RunResult(n, atRest.WorkingSetMiB, peak, cpu.TotalMilliseconds / steps, latencies, writes / steps, gets / steps, noop,
            synced, Percentiles.Of(patches, 50));
        log.WriteLine($"   step latency p50 {Percentiles.Of(latencies, 50):F1} ms, p99 {Percentiles.Of(latencies, 99):F1} ms, "
                      + $"max {(latencies.Count == 0 ? double.NaN : latencies.Max()):F1} ms; writes/step {result.WritesPerStep:F2}; "
                      + $"gets/step {result.GetsPerStep:F2}; cpu/step {result.CpuMsPerStep:F2} ms; raw PATCH p50 {result.RawPatchMsP50:F2} ms; "
                      + $"peak working set {peak:F1} MiB");
        return result;
    }

    /// <summary>Seconds from process start to ready, and to every Rollout reconciled once with the queue empty.</summary>
    private static async Task<(double Ready, double Synced)> WaitSyncedAsync(OperatorProcess op, int n)
    {
        double? ready = null;
        var deadline = Deadline(n);
        while (true)
        {
            var elapsed = Stopwatch.GetElapsedTime(op.StartedTimestamp);
            if (ready is null && await op.IsReadyAsync().ConfigureAwait(false))
            {
                ready = Stopwatch.GetElapsedTime(op.StartedTimestamp).TotalSeconds;
            }

            if (ready is not null)
            {
                var scrape = await op.ScrapeAsync().ConfigureAwait(false);
                var reconciled = OperatorProcess.MetricValue(scrape, "rollouts_reconcile_duration_seconds_count") ?? 0;
                var depth = OperatorProcess.MetricValue(scrape, "workqueue_depth", "name=\"rollouts\"") ?? 0;
                if (reconciled >= n && depth == 0)
                {
                    return (ready.Value, elapsed.TotalSeconds);
                }
            }

            if (op.HasExited || elapsed > deadline)
            {
                throw new TimeoutException($"the operator did not reconcile {n} Rollouts within {deadline}:\n{op.Log}");
            }

            // Progress is only observable by asking /metrics.
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Times a PATCH of a ConfigMap every 100 ms until cancelled: the server's own round trip under the same load.</summary>
    private static async Task ProbeAsync(BenchWorld world, List<double> into, CancellationToken cancellationToken)
    {
        const string name = "bench-probe";
        if (world.Server.Store.Get("configmaps", new Sandbox.ApiServer.Storage.ObjectKey(BenchWorld.Namespace, name)) is null)
        {
            world.Create(world.ConfigMaps, BenchWorld.Namespace, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = name },
                ["data"] = new JsonObject { ["value"] = "0" },
            });
        }

        var i = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            into.Add((await world.TimedPatchAsync(name, ++i).ConfigureAwait(false)).TotalMilliseconds);
            try
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string? Phase(JsonObject rollout) => rollout["status"]?["phase"]?.GetValue<string>();

    private static TimeSpan Deadline(int n) => TimeSpan.FromSeconds(120 + (n * 0.6));

    private static async Task WaitAsync(Func<bool> condition, TimeSpan deadline, string what, OperatorProcess op)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (op.HasExited)
            {
                throw new InvalidOperationException($"the operator exited with code {op.ExitCode} before {what}:\n{op.Log}");
            }

            if (Stopwatch.GetElapsedTime(started) > deadline)
            {
                throw new TimeoutException($"not {what} within {deadline}:\n{op.Log}");
            }

            // The store is polled: the benchmark must not add a watch of its own to what it measures.
            await Task.Delay(200).ConfigureAwait(false);
        }
    }
}
