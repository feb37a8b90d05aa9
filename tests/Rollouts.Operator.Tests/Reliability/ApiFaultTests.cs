using Rollouts.Api.Rollouts;
using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Testing;
using Xunit.Abstractions;

namespace Rollouts.Operator.Tests.Reliability;

/// <summary>
/// The API server fails about 10% of requests with a 5xx and 5% of writes with a 409, adds 200 ms to every request
/// and cuts every watch stream after a while: every Rollout still ends as its analysis dictates, and no traffic
/// promise is broken on the way.
/// </summary>
[Trait("Category", "Faults")]
public sealed class ApiFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Under_5xx_409_latency_and_cut_watches_every_rollout_finishes_with_no_promise_broken()
    {
        var seed = FaultSuite.Seed;
        var count = FaultSuite.Pick(ci: 4, full: 100);
        var cut = FaultSuite.Pick(ci: TimeSpan.FromSeconds(5), full: TimeSpan.FromSeconds(30));
        var random = new Random(seed);
        await using var world = await FleetWorld.StartAsync(seed);
        var names = Enumerable.Range(0, count).Select(i => $"a{i}").ToList();
        await world.ApplyRolloutsAsync("a", count);
        var process = await world.StartOperatorAsync("--leader-elect=false", "--workers", "4");
        await Eventually.WaitUntilAsync(() => names.All(n => world.Rollout(n)?.Status is { Phase: RolloutPhase.Healthy, StableRS: not null }),
            "every Rollout to be Healthy on app:0", TimeSpan.FromMinutes(3));

        foreach (var verb in new[] { "create", "update", "patch", "delete" })
        {
            world.Server.Faults.Add(new FaultRule { Verb = verb, ErrorRate = 0.05, ErrorCode = 409 });
        }

        world.Server.Faults.Add(new FaultRule { ErrorRate = 0.05, ErrorCode = 500 });
        world.Server.Faults.Add(new FaultRule { ErrorRate = 0.05 / 0.95, ErrorCode = 503 });
        world.Server.Faults.Add(new FaultRule { Latency = TimeSpan.FromMilliseconds(200) });
        world.Server.Faults.Add(new WatchFault { AfterDuration = cut });

        var expected = names.ToDictionary(n => n, _ => random.Next(4) == 0 ? "fail" : "pass");
        var stable = names.ToDictionary(n => n, n => world.Rollout(n)!.Status!.StableRS);
        foreach (var name in names)
        {
            await world.UpdateAsync(name, "app:1", expected[name]);
        }

        bool Ended(string name) => expected[name] == "pass" ? world.IsPromoted(name, stable[name]) : world.IsAborted(name, stable[name]);
        try
        {
            await Eventually.WaitUntilAsync(() => names.All(Ended), "every Rollout to end as its analysis dictates",
                FaultSuite.Pick(ci: TimeSpan.FromMinutes(2), full: TimeSpan.FromMinutes(20)));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"seed {seed}: {e.Message}\n" +
                string.Join("\n", world.Describe(names.Where(n => !Ended(n))).Split('\n').Take(20)) + $"\n{world.OperatorOutput()}", e);
        }

        world.Server.Faults.Clear();
        var requests = world.Server.Requests;
        output.WriteLine($"seed {seed}: {count} Rollouts ({expected.Count(e => e.Value == "fail")} aborting), watches cut every {cut.TotalSeconds} s; " +
                         $"answered {requests.Count()} requests: {requests.Count(code: 409)} 409, {requests.Count(code: 500) + requests.Count(code: 503)} 500/503; " +
                         $"{world.Invariants.Changes} store changes checked");
        Assert.False(process.HasExited, world.OperatorOutput());
        await world.Invariants.ThenNoneBrokenAsync(world.Server);
    }
}
