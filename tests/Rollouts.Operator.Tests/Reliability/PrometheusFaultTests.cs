using Rollouts.Api.Rollouts;
using Rollouts.Testing;
using Xunit.Abstractions;

namespace Rollouts.Operator.Tests.Reliability;

/// <summary>
/// Prometheus down, slower than the query timeout, answering NaN, an empty vector, garbage or a 5xx: the analysis
/// step never passes, the Rollout is never promoted and its weight never goes past the step before the analysis,
/// and the Rollout's status says what was wrong with the data.
/// </summary>
[Trait("Category", "Faults")]
public sealed class PrometheusFaultTests(ITestOutputHelper output)
{
    /// <summary>Each faulty answer and the words the Rollout's status message must hold about it.</summary>
    public static readonly TheoryData<string, string> Faults = new()
    {
        { "down", "refused" },
        { "slow", "timed out" },
        { "nan", "NaN" },
        { "empty", "empty" },
        { "garbage", "not" },
        { "error", "503" },
    };

    [Fact]
    public async Task Missing_or_bad_data_never_promotes_and_the_status_says_why()
    {
        await using var world = await FleetWorld.StartAsync(FaultSuite.Seed);
        var faults = Faults.Select(row => ((string)row[0], (string)row[1])).ToList();
        var names = faults.Select(f => $"p-{f.Item1}").ToList();
        await world.ApplyAsync(string.Join("---\n", names.Select(n => FleetWorld.RolloutYaml(n, "pass"))));
        await world.StartOperatorAsync();
        await Eventually.WaitUntilAsync(() => names.All(n => world.Rollout(n)?.Status is { Phase: RolloutPhase.Healthy, StableRS: not null }),
            "every Rollout to be Healthy on app:0", TimeSpan.FromSeconds(60));
        var stable = names.ToDictionary(n => n, n => world.Rollout(n)!.Status!.StableRS);

        foreach (var (answer, _) in faults)
        {
            await world.UpdateAsync($"p-{answer}", "app:1", answer);
        }

        // Ended: the analysis run of the update ended, and the Rollout stopped on it (aborted, or paused for a person).
        bool Stopped(string name) => world.Rollout(name)?.Status is { } s && s.CurrentPodHash != stable[name] &&
                                     (s.Abort == true || s.Phase is RolloutPhase.Paused or RolloutPhase.Degraded) && s.CurrentStepIndex == 2 &&
                                     world.State.AnalysisRuns().Any(r => r.Metadata.Name?.Contains(s.CurrentPodHash ?? "-", StringComparison.Ordinal) == true &&
                                                                         r.Status?.Phase is "Failed" or "Error" or "Inconclusive");
        try
        {
            await Eventually.WaitUntilAsync(() => names.All(Stopped), "every Rollout to stop on its analysis", TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{world.Describe(names)}\n{world.OperatorOutput()}", e);
        }

        output.WriteLine(world.Describe(names));
        foreach (var (answer, words) in faults)
        {
            var status = world.Rollout($"p-{answer}")!.Status!;
            Assert.True(status.Message?.Contains(words, StringComparison.OrdinalIgnoreCase) == true,
                $"p-{answer}: the status message \"{status.Message}\" does not say \"{words}\"");
            Assert.True(world.WeightOf($"p-{answer}") <= 25, $"p-{answer} has weight {world.WeightOf($"p-{answer}")} after its analysis failed to measure");
        }

        Assert.Empty(world.Invariants.Promotions);
        await world.Invariants.ThenNoneBrokenAsync(world.Server);
        Assert.All(world.Operators, o => Assert.False(o.HasExited, $"operator {o.Id} exited:\n{world.OperatorOutput()}"));
    }
}
