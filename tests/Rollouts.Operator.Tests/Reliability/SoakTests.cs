using System.Globalization;
using Rollouts.Api.Rollouts;
using Rollouts.Testing;
using Xunit.Abstractions;

namespace Rollouts.Operator.Tests.Reliability;

/// <summary>
/// Rollouts at rest are reconciled over and over (each change of an annotation is a reconcile that has nothing to
/// do): the operator writes nothing, its queue drains, the series it exports and the objects it keeps stay as many
/// as the Rollouts, and (full run) its working set grows by at most 10% from the first tenth of the reconciles to
/// the last.
/// </summary>
[Trait("Category", "Faults")]
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Many_no_op_reconciles_write_nothing_and_keep_what_the_operator_holds_bounded()
    {
        var target = FaultSuite.Pick(ci: 2_000, full: 100_000);
        const int Count = 10;
        await using var world = await FleetWorld.StartAsync(FaultSuite.Seed);
        var names = Enumerable.Range(0, Count).Select(i => $"s{i}").ToList();
        await world.ApplyRolloutsAsync("s", Count);
        var process = await world.StartOperatorAsync("--leader-elect=false");
        await Eventually.WaitUntilAsync(() => names.All(n => world.Rollout(n)?.Status is { Phase: RolloutPhase.Healthy, StableRS: not null }),
            "every Rollout to be Healthy on app:0", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = process.Url, Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.WaitUntilAsync(async () => Metric(await http.GetStringAsync("metrics"), "workqueue_depth") == 0, "the queues to drain");

        var storeBefore = ObjectCount(world);
        var warm = (Reconciles: 0.0, WorkingSet: 0L, Series: 0);
        var patches = 0;
        var started = TimeProvider.System.GetTimestamp();
        var reconciles = 0.0;
        var writesBefore = 0.0;
        while (reconciles < target)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            {
                var n = Interlocked.Increment(ref patches);
                await world.Api.PatchAsync($"/apis/rollouts.dev/v1alpha1/namespaces/default/rollouts/{names[n % Count]}",
                    "{\"metadata\":{\"annotations\":{\"soak\":\"" + n.ToString(CultureInfo.InvariantCulture) + "\"}}}");
            });
            var metrics = await http.GetStringAsync("metrics");
            reconciles = Metric(metrics, "rollouts_reconcile_duration_seconds_count");
            if (warm.Reconciles == 0 && reconciles >= target / 10)
            {
                warm = (reconciles, WorkingSet(process.Id), Series(metrics));
                writesBefore = Writes(metrics);
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromMinutes(60), $"only {reconciles} reconciles after an hour");
        }

        await Eventually.WaitUntilAsync(async () => Metric(await http.GetStringAsync("metrics"), "workqueue_depth") == 0, "the queues to drain", TimeSpan.FromSeconds(60));
        var end = await http.GetStringAsync("metrics");
        var workingSet = WorkingSet(process.Id);
        var growth = (double)(workingSet - warm.WorkingSet) / warm.WorkingSet;
        output.WriteLine($"{reconciles} reconciles from {patches} annotation patches of {Count} Rollouts; working set {warm.WorkingSet / 1024} KiB at " +
                         $"{warm.Reconciles} reconciles, {workingSet / 1024} KiB at the end ({growth:P1}); {Series(end)} series exported");

        Assert.Equal(writesBefore, Writes(end));
        Assert.Equal(warm.Series, Series(end));
        Assert.Equal(Count, end.Split('\n').Count(l => l.StartsWith("rollouts_rollout_info{", StringComparison.Ordinal)));
        Assert.Equal(storeBefore, ObjectCount(world));
        Assert.False(process.HasExited, world.OperatorOutput());
        if (FaultSuite.Full)
        {
            Assert.True(growth <= 0.10, $"the working set grew by {growth:P1} over {reconciles - warm.Reconciles} reconciles");
        }
    }

    /// <summary>The sum of every series of <paramref name="name"/> (all label sets).</summary>
    private static double Metric(string text, string name) => text.Split('\n')
        .Where(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary>Write requests the operator sent (any code).</summary>
    private static double Writes(string text) => text.Split('\n')
        .Where(l => l.StartsWith("rollouts_kubernetes_client_requests_total{", StringComparison.Ordinal) &&
                    (l.Contains("verb=\"create\"", StringComparison.Ordinal) || l.Contains("verb=\"update\"", StringComparison.Ordinal) ||
                     l.Contains("verb=\"patch\"", StringComparison.Ordinal) || l.Contains("verb=\"delete\"", StringComparison.Ordinal)))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static int Series(string text) => text.Split('\n').Count(l => l.Length > 0 && l[0] != '#');

    private static int ObjectCount(FleetWorld world) =>
        new[] { "rollouts.rollouts.dev", "replicasets.apps", "pods", "services", "ingresses.networking.k8s.io", "events", "analysisruns.rollouts.dev" }
            .Sum(key => world.Server.Store.State.Objects(key, "default").Count());

    private static long WorkingSet(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).Single();
}
