using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>The status a plan writes: counts, conditions, history, and the progress deadline.</summary>
public class CanaryStatusWriterTests
{
    [Fact]
    public void Pod_counts_are_summed_over_the_ReplicaSets_and_updated_counts_the_canary()
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        world.SetImage("web:2");
        world.Run();

        var status = world.Status;

        Assert.Equal((6, 6, 6, 1), (status.Replicas, status.ReadyReplicas, status.AvailableReplicas, status.UpdatedReplicas));
    }

    [Theory]
    [InlineData("healthy", "Healthy", "True:AvailableReplicas", "True:NewReplicaSetAvailable", "False:NotPaused", "True:RolloutHealthy", "True:RolloutCompleted")]
    [InlineData("paused", "Paused", "True:AvailableReplicas", "True:RolloutPaused", "True:CanaryPauseStep", "False:Paused", "False:UpdateInProgress")]
    [InlineData("aborted", "Degraded", "True:AvailableReplicas", "False:RolloutAborted", "False:NotPaused", "False:Degraded", "False:UpdateInProgress")]
    [InlineData("waiting", "Progressing", "True:AvailableReplicas", "True:ReplicaSetUpdated", "False:NotPaused", "False:Progressing", "False:UpdateInProgress")]
    public void Conditions_say_available_progressing_paused_healthy_and_completed(string state, string phase, params string[] conditions)
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        if (state != "healthy")
        {
            world.SetImage("web:2");
            world.Run(until: w => state == "waiting" ? w.Status.CurrentPodHash == RolloutWorld.Hash("web:2") : w.Status.Phase == RolloutPhase.Paused);
        }

        if (state == "aborted")
        {
            world.Abort();
            world.Run();
        }

        Assert.Equal(phase, world.Status.Phase);
        Assert.Equal(
            ["Available", "Progressing", "Paused", "Healthy", "Completed"],
            world.Status.Conditions!.Select(c => c.Type));
        Assert.Equal(conditions, world.Status.Conditions!.Select(c => $"{c.Status}:{c.Reason}"));
    }

    [Fact]
    public void A_condition_keeps_its_transition_time_while_its_status_holds()
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        var healthySince = world.Status.Conditions!.Single(c => c.Type == "Healthy").LastTransitionTime;
        var availableSince = world.Status.Conditions!.Single(c => c.Type == "Available").LastTransitionTime;

        world.Advance(TimeSpan.FromMinutes(5));
        world.SetImage("web:2");
        world.Run();

        var conditions = world.Status.Conditions!;
        Assert.Equal(availableSince, conditions.Single(c => c.Type == "Available").LastTransitionTime);
        Assert.NotEqual(availableSince, conditions.Single(c => c.Type == "Available").LastUpdateTime);
        Assert.True(conditions.Single(c => c.Type == "Healthy").LastTransitionTime > healthySince);
    }

    [Theory]
    [InlineData(false, 59, "Progressing", false)]
    [InlineData(false, 60, "Degraded", false)]
    [InlineData(true, 59, "Progressing", false)]
    [InlineData(true, 60, "Degraded", true)]
    public void Time_without_progress_past_the_deadline_degrades_the_rollout_and_aborts_it_when_asked(
        bool abort, int elapsed, string phase, bool aborted)
    {
        var world = RolloutWorld.Create("setWeight 20, pause", spec: s => s with { ProgressDeadlineSeconds = 60, ProgressDeadlineAbort = abort });
        world.Run();
        world.BrokenImages.Add("web:2");
        world.SetImage("web:2");
        world.Reconcile();
        world.TickPods();
        var started = world.Now;
        world.AssertActions(world.Reconcile());

        world.Advance(started.AddSeconds(elapsed) - world.Now);
        var plan = world.Plan();

        Assert.Equal(phase, plan.Status.Phase);
        Assert.Equal(aborted ? true : null, plan.Status.Abort);
        if (phase == "Progressing")
        {
            Assert.Empty(plan.Actions);
            Assert.Equal(TimeSpan.FromSeconds(60 - elapsed), plan.RequeueAfter);
            return;
        }

        var waiting = world.Expand("waiting for canary ReplicaSet web-{v2}: 0 of 1 pods available");
        Assert.Contains(plan.Actions, a => a is RecordEvent { Reason: "ProgressDeadlineExceeded", Type: "Warning" });
        Assert.EndsWith($"progress deadline exceeded (60s without progress): {waiting}", plan.Status.Message, StringComparison.Ordinal);
        if (aborted)
        {
            Assert.StartsWith("aborted: ", plan.Status.Message, StringComparison.Ordinal);
            Assert.Contains(plan.Actions, a => a is RecordEvent { Reason: "RolloutAborted", Type: "Warning" });
            Assert.Equal(0, plan.Status.Canary!.Weights!.Canary!.Weight);
            Assert.Equal("ProgressDeadlineExceeded", plan.Status.History![^1].Reason);
        }

        world.Apply(plan);
        Assert.True(world.Plan().IsEmpty, "the deadline is reported once");
    }

    [Fact]
    public void History_keeps_the_last_decisions_with_their_time_and_reason()
    {
        var world = RolloutWorld.Create("setWeight 20, pause 1s, setWeight 40, pause 1s, setWeight 60, pause 1s");
        world.Run();
        foreach (var image in new[] { "web:2", "web:3", "web:4" })
        {
            world.SetImage(image);
            world.Run();
        }

        var history = world.Status.History!;
        Assert.Equal(RolloutHistory.Limit, history.Count);
        Assert.Equal("RolloutPromoted", history[^1].Action);
        Assert.Equal("StepsDone", history[^1].Reason);
        Assert.All(history, d => Assert.NotNull(d.Time));
        Assert.Equal(history.OrderBy(d => d.Time), history);
    }
}
