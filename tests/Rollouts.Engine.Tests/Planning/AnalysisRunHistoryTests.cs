using System.Globalization;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Planning;

/// <summary>
/// spec.analysis.successfulRunHistoryLimit and unsuccessfulRunHistoryLimit (5 each by default): the oldest finished
/// runs of the Rollout beyond them are deleted; a run that has not ended, or that the status names, never is.
/// </summary>
public class AnalysisRunHistoryTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Runs as "phase" letters oldest first (S Successful, F Failed, E Error, I Inconclusive, R Running, P no status),
    /// the limits (null: the default), the runs the status names, and the runs deleted (by position, from 0), oldest first.
    /// </summary>
    public static TheoryData<string, int?, int?, int[], int[]> Cases => new()
    {
        { "SSSSS", null, null, [], [] },
        { "SSSSSSS", null, null, [], [0, 1] },
        { "FEIFEIF", null, null, [], [0, 1] },
        { "SFSFSFSFSFSF", null, null, [], [0, 1] },
        { "SSS", 0, null, [], [0, 1, 2] },
        { "FFS", 0, 0, [], [0, 1, 2] },
        { "SSS", 1, null, [], [0, 1] },
        { "IIS", 5, 1, [], [0] },
        { "RRRSSS", 0, 0, [], [3, 4, 5] },
        { "PSPS", 0, 0, [], [1, 3] },
        { "SSSSSSS", null, null, [0], [1] },
        { "SSS", 0, 0, [1, 2], [0] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_oldest_finished_runs_beyond_the_limits_are_deleted(string phases, int? successful, int? unsuccessful, int[] referenced, int[] deleted)
    {
        var runs = phases.Select((phase, i) => Run(i, phase)).Reverse().ToList();
        var rollout = new Rollout
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
            Spec = new RolloutSpec
            {
                Analysis = successful is null && unsuccessful is null
                    ? null
                    : new RolloutAnalysisHistory { SuccessfulRunHistoryLimit = successful, UnsuccessfulRunHistoryLimit = unsuccessful },
            },
        };
        var plan = new PlanBuilder(new Observation { Rollout = rollout, Now = Start.AddHours(1) });

        AnalysisRunHistory.Plan(plan, rollout, runs, referenced.Select(Name));

        Assert.Equal(deleted.Select(i => $"delete-analysis {Name(i)}"), plan.Actions.Select(a => a.ToString()));
    }

    [Fact]
    public void A_rollout_keeps_only_its_newest_successful_runs_across_updates()
    {
        var world = RolloutWorld.Create("setWeight 20, analysis success-rate, setWeight 50",
            spec: s => s with { Analysis = new RolloutAnalysisHistory { SuccessfulRunHistoryLimit = 2 } });
        world.Run();
        foreach (var image in new[] { "web:2", "web:3", "web:1", "web:2" })
        {
            world.SetImage(image);
            world.Run(until: w => w.Status.CurrentStepIndex == 1 && w.RunFor(image, 1, w.Status.Canary?.AnalysisAttempt ?? 1) is not null);
            world.FinishAnalysis(1, AnalysisPhase.Successful);
            world.Run();
            Assert.Equal(RolloutPhase.Healthy, world.Status.Phase);
            Assert.True(world.AnalysisRuns.Count <= 2, $"runs kept: {string.Join(", ", world.AnalysisRuns.Select(r => r.Metadata.Name))}");
        }

        // The two newest: web:1's and web:2's latest (its first run was deleted before it came back, so the name is free again).
        Assert.Equal([world.Expand("web-{v1}-1"), world.Expand("web-{v2}-1")], world.AnalysisRuns.Select(r => r.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Contains(world.Plans, p => p.Actions.Any(a => a is DeleteAnalysisRun));
    }

    private static string Name(int i) => string.Create(CultureInfo.InvariantCulture, $"web-run-{i:00}");

    private static AnalysisRun Run(int i, char phase) => new()
    {
        Metadata = new ObjectMeta { Name = Name(i), Namespace = "shop", CreationTimestamp = Start.AddMinutes(i) },
        Spec = new AnalysisRunSpec(),
        Status = phase == 'P' ? null : new AnalysisRunStatus
        {
            Phase = phase switch
            {
                'S' => AnalysisPhase.Successful,
                'F' => AnalysisPhase.Failed,
                'E' => AnalysisPhase.Error,
                'I' => AnalysisPhase.Inconclusive,
                _ => AnalysisPhase.Running,
            },
        },
    };
}
