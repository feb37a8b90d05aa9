using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>
/// A background run (strategy.canary.analysis) that ends Inconclusive pauses the rollout with the reason, as a step
/// run does; promote goes on past it, and the status remembers the run promoted past so that it never pauses the
/// rollout again. The run of a new canary pauses again.
/// </summary>
public class CanaryPlannerBackgroundInconclusiveTests
{
    private const string Why = "metric error-rate: 0.02 meets neither condition";

    [Fact]
    public void An_inconclusive_background_run_pauses_the_rollout_naming_the_run_and_its_metric()
    {
        var world = AtSecondStep("setWeight 20, setWeight 40, setWeight 60, setWeight 80");
        var run = world.CurrentRunName(null);

        world.FinishAnalysis(null, AnalysisPhase.Inconclusive, Why);
        world.Run();

        var message = $"paused at step 2/4: background analysis inconclusive (AnalysisRun {run}: {Why}); promote to go on or abort";
        Assert.Equal((RolloutPhase.Paused, message, 1), (world.Status.Phase, world.Status.Message, world.Status.CurrentStepIndex));
        Assert.Equal([InconclusiveReason], world.Status.PauseConditions!.Select(c => c.Reason));
        Assert.NotNull(world.Status.PauseConditions![0].StartTime);
        var paused = RolloutConditions.Find(world.Status.Conditions, RolloutConditionType.Paused)!;
        Assert.Equal(("True", InconclusiveReason, message), (paused.Status, paused.Reason, paused.Message));
        Assert.Equal(40, world.CanaryWeight);
        Assert.Equal(new RolloutAnalysisRunStatus { Name = run, Status = AnalysisPhase.Inconclusive, Message = Why }, world.Status.Canary!.CurrentBackgroundAnalysisRunStatus);
        Assert.Null(world.Status.Canary.PromotedInconclusiveBackgroundRun);
        var warning = Assert.Single(world.Events, e => e.Reason == "AnalysisInconclusive");
        Assert.Equal((RecordEvent.Warning, message), (warning.Type, warning.Message));
        Assert.Null(world.Run(run).Spec!.Terminate);

        // It stays paused, however long it waits, and records nothing more.
        world.Advance(TimeSpan.FromHours(1));
        Assert.True(world.Plan().IsEmpty);
    }

    [Fact]
    public void Promote_goes_on_past_the_inconclusive_background_run_and_it_never_pauses_the_rollout_again()
    {
        var world = AtSecondStep("setWeight 20, setWeight 40, pause, setWeight 80");
        var run = world.CurrentRunName(null);
        world.FinishAnalysis(null, AnalysisPhase.Inconclusive, Why);
        world.Run();

        world.Promote();
        var plans = world.Run();

        // On to the pause step, which pauses for itself (not taken for promoted), with the run remembered.
        var resumed = plans[0];
        Assert.Equal(run, resumed.Status.Canary!.PromotedInconclusiveBackgroundRun);
        Assert.Contains(resumed.Actions, a => a is RecordEvent { Reason: "RolloutResumed" });
        Assert.Equal((RolloutPhase.Paused, 2), (world.Status.Phase, world.Status.CurrentStepIndex));
        Assert.Equal([PauseStepReason], world.Status.PauseConditions!.Select(c => c.Reason));
        Assert.Equal(run, world.Status.Canary!.PromotedInconclusiveBackgroundRun);
        Assert.Single(world.Events, e => e.Reason == "AnalysisInconclusive");

        world.Promote();
        world.Run();

        Assert.Equal((RolloutPhase.Healthy, RolloutWorld.Hash("web:2")), (world.Status.Phase, world.Status.StableRS));
        Assert.Single(world.Events, e => e.Reason == "AnalysisInconclusive");
        Assert.Null(world.Status.Canary?.PromotedInconclusiveBackgroundRun);
        Assert.Null(world.Run(run).Spec!.Terminate);
    }

    [Fact]
    public void One_promote_ends_a_pause_step_and_the_background_pause_together()
    {
        var world = AtSecondStep("setWeight 20, pause, setWeight 60");
        Assert.Equal([PauseStepReason], world.Status.PauseConditions!.Select(c => c.Reason));
        world.FinishAnalysis(null, AnalysisPhase.Inconclusive, Why);
        world.Run();
        Assert.Equal([PauseStepReason, InconclusiveReason], world.Status.PauseConditions!.Select(c => c.Reason));
        Assert.StartsWith("paused at step 2/3: background analysis inconclusive", world.Status.Message, StringComparison.Ordinal);

        world.Promote();
        world.Run();

        Assert.Equal((RolloutPhase.Healthy, RolloutWorld.Hash("web:2")), (world.Status.Phase, world.Status.StableRS));
    }

    [Fact]
    public void The_background_run_of_a_new_canary_pauses_again()
    {
        var world = AtSecondStep("setWeight 20, setWeight 40, pause, setWeight 80");
        world.FinishAnalysis(null, AnalysisPhase.Inconclusive, Why);
        world.Run();
        world.Promote();
        world.Run();
        Assert.NotNull(world.Status.Canary!.PromotedInconclusiveBackgroundRun);

        world.SetImage("web:3");
        world.Run(until: w => w.RunFor("web:3", null) is not null && w.Status.CurrentStepIndex == 1);
        Assert.Null(world.Status.Canary!.PromotedInconclusiveBackgroundRun);
        world.FinishAnalysis(null, AnalysisPhase.Inconclusive, Why);
        world.Run();

        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
        Assert.Equal(
            $"paused at step 2/4: background analysis inconclusive (AnalysisRun {world.Expand("web-{v3}-background")}: {Why}); promote to go on or abort",
            world.Status.Message);
        Assert.Equal(2, world.Events.Count(e => e.Reason == "AnalysisInconclusive"));
    }

    [Fact]
    public void An_inconclusive_background_run_holds_the_promotion_when_the_steps_are_done()
    {
        // The canary's pods take a while at full size: the steps are done, promotion waits for them, and the run ends then.
        var world = AtSecondStep("setWeight 20, setWeight 40");
        world.ReadyAfterTicks = 3;
        world.Run(until: w => w.Status.CurrentStepIndex == 2);
        world.FinishAnalysis(null, AnalysisPhase.Inconclusive, Why);
        world.Run();

        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
        Assert.StartsWith("paused before promotion: background analysis inconclusive", world.Status.Message, StringComparison.Ordinal);
        Assert.Equal(RolloutWorld.Hash("web:1"), world.Status.StableRS);

        world.Promote();
        world.Run();
        Assert.Equal((RolloutPhase.Healthy, RolloutWorld.Hash("web:2")), (world.Status.Phase, world.Status.StableRS));
    }

    private const string InconclusiveReason = "InconclusiveAnalysis";
    private const string PauseStepReason = "CanaryPauseStep";

    /// <summary>web:2 updating with background analysis from the first step, as it enters the second step.</summary>
    private static RolloutWorld AtSecondStep(string steps)
    {
        var world = RolloutWorld.Create(steps, strategy: c => c with
        {
            Analysis = new RolloutAnalysis { Templates = [new AnalysisTemplateReference { TemplateName = "error-rate" }] },
        });
        world.Run();
        world.SetImage("web:2");
        world.Run(until: w => w.Status.CurrentStepIndex == 1);
        Assert.NotNull(world.RunFor("web:2", null));
        return world;
    }
}
