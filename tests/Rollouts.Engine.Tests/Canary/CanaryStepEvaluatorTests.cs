using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>Analysis steps and background analysis, through the phases of the AnalysisRuns the controller observes.</summary>
public class CanaryStepEvaluatorTests
{
    private static readonly string V2 = RolloutWorld.Hash("web:2");

    [Theory]
    [InlineData(AnalysisPhase.Pending, 1, "Progressing", "")]
    [InlineData(AnalysisPhase.Running, 1, "Progressing", "")]
    [InlineData(AnalysisPhase.Successful, 2, "Progressing", "StepStarted")]
    [InlineData(AnalysisPhase.Inconclusive, 1, "Paused", "AnalysisInconclusive")]
    [InlineData(AnalysisPhase.Failed, 1, "Degraded", "RolloutAborted")]
    [InlineData(AnalysisPhase.Error, 1, "Degraded", "RolloutAborted")]
    public void An_analysis_step_waits_for_its_verdict(string verdict, int stepIndex, string phase, string events)
    {
        var world = AtAnalysisStep();
        world.FinishAnalysis(step: 1, verdict, "success-rate 0.5");

        var plan = world.Plan();

        Assert.Equal(stepIndex, plan.Status.CurrentStepIndex);
        Assert.Equal(phase, plan.Status.Phase);
        Assert.Equal(events, string.Join('|', plan.Actions.OfType<RecordEvent>().Select(e => e.Reason)));
        if (verdict is AnalysisPhase.Pending or AnalysisPhase.Running)
        {
            Assert.Null(plan.RequeueAfter);
            Assert.Equal(world.Expand("step 2/3: waiting for analysis success-rate of web-{v2}"), plan.Status.Message);
        }
    }

    [Fact]
    public void An_inconclusive_analysis_pauses_until_promoted()
    {
        var world = AtAnalysisStep();
        world.FinishAnalysis(step: 1, AnalysisPhase.Inconclusive, "too few samples");
        world.Reconcile();
        Assert.Equal("InconclusiveAnalysis", Assert.Single(world.Status.PauseConditions!).Reason);
        Assert.Equal("paused at step 2/3: analysis inconclusive (too few samples); promote to go on or abort", world.Status.Message);
        Assert.True(world.Plan().IsEmpty);

        world.Promote();
        var plan = world.Reconcile();

        Assert.Equal(2, plan.Status.CurrentStepIndex);
        Assert.Null(plan.Status.PauseConditions);
    }

    [Fact]
    public void A_failed_background_analysis_aborts_at_any_step()
    {
        var world = AtAnalysisStep(background: true);
        world.FinishAnalysis(step: null, AnalysisPhase.Failed, "error-rate 0.2 > 0.01");

        var plan = world.Reconcile();

        Assert.Equal(RolloutPhase.Degraded, plan.Status.Phase);
        Assert.Equal("aborted: background analysis failed: error-rate 0.2 > 0.01", plan.Status.Message);
        Assert.Equal(0, world.CanaryWeight);
    }

    [Fact]
    public void Verdicts_for_another_version_or_step_do_not_count()
    {
        var world = AtAnalysisStep();
        world.PutAnalysisRun(Copy(world.RunFor("web:2", 1)!, RolloutWorld.Hash("web:9"), step: 1, AnalysisPhase.Failed));
        world.PutAnalysisRun(Copy(world.RunFor("web:2", 1)!, V2, step: 0, AnalysisPhase.Successful));

        var plan = world.Plan();

        Assert.Equal((1, RolloutPhase.Progressing), (plan.Status.CurrentStepIndex, plan.Status.Phase));
    }

    private static AnalysisRun Copy(AnalysisRun run, string hash, int step, string phase)
    {
        var key = new AnalysisRunKey(hash, step, 1);
        return run with
        {
            Metadata = run.Metadata with { Name = AnalysisRunFactory.NameFor("web", key), Labels = key.Labels() },
            Status = new AnalysisRunStatus { Phase = phase },
        };
    }

    private static RolloutWorld AtAnalysisStep(bool background = false)
    {
        var world = RolloutWorld.Create("setWeight 20, analysis success-rate, setWeight 50", strategy: background
            ? c => c with { Analysis = new RolloutAnalysis { Templates = [new AnalysisTemplateReference { TemplateName = "error-rate" }] } }
            : null);
        world.Run();
        world.SetImage("web:2");
        world.Run(until: w => w.Status.CurrentStepIndex == 1 && w.Plans[^1].IsEmpty);
        return world;
    }
}
