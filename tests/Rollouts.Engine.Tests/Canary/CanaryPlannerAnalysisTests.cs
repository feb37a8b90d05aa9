using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>
/// The planner starts the AnalysisRuns of analysis steps and of background analysis, follows them through their
/// status, and terminates those no longer needed. The world creates and terminates runs as the plans say; the
/// tests write the runs' phases as the analysis controller would.
/// </summary>
public class CanaryPlannerAnalysisTests
{
    private const string ThreeSteps = "setWeight 20, analysis success-rate, setWeight 50";

    [Fact]
    public void Entering_an_analysis_step_creates_its_run_once_after_the_steps_traffic()
    {
        var world = AtStepAnalysis(ThreeSteps);

        var creating = Assert.Single(world.Plans, p => p.Actions.Any(a => a is CreateAnalysisRun));
        var create = creating.Actions.OfType<CreateAnalysisRun>().Single();
        Assert.Equal(world.Expand("web-{v2}-1"), create.Run.Metadata.Name);
        Assert.All(creating.Actions.SkipWhile(a => a is not CreateAnalysisRun).Skip(1), a => Assert.IsType<RecordEvent>(a, exactMatch: false));
        Assert.Contains(creating.Actions, a => a is RecordEvent { Reason: "AnalysisRunStarted", Type: RecordEvent.Normal });
        Assert.Contains(creating.Status.History!, d => d.Action == "AnalysisRunStarted" && d.Message!.Contains(create.Run.Metadata.Name!, StringComparison.Ordinal));

        var run = Assert.Single(world.AnalysisRuns);
        Assert.Equal(
            new Dictionary<string, string>
            {
                [RolloutLabels.PodTemplateHash] = RolloutWorld.Hash("web:2"),
                [AnalysisLabels.Kind] = AnalysisLabels.StepKind,
                [AnalysisLabels.StepIndex] = "1",
                [AnalysisLabels.Attempt] = "1",
            },
            run.Metadata.Labels);
        Assert.Equal("shop", run.Metadata.Namespace);
        Assert.True(RolloutOwnership.IsControlledBy(run.Metadata, world.Rollout));
        Assert.Equal(["success-rate"], run.Spec!.Metrics!.Select(m => m.Name));
        Assert.Equal(20, world.CanaryWeight);
        Assert.Equal(new RolloutAnalysisRunStatus { Name = run.Metadata.Name, Status = AnalysisPhase.Pending }, world.Status.Canary!.CurrentStepAnalysisRunStatus);

        Assert.True(world.Plan().IsEmpty);
    }

    [Theory]
    [InlineData(AnalysisPhase.Running, 1, RolloutPhase.Progressing, "step 2/4: waiting for analysis success-rate of web-{v2}", 20)]
    [InlineData(AnalysisPhase.Successful, 3, RolloutPhase.Paused, "paused at step 4/4 until promoted (kubectl rollouts promote web)", 50)]
    [InlineData(AnalysisPhase.Failed, 1, RolloutPhase.Degraded, "aborted: analysis of step 2/4 failed: success-rate 0.91 < 0.99", 0)]
    [InlineData(AnalysisPhase.Error, 1, RolloutPhase.Degraded, "aborted: analysis of step 2/4 error: success-rate 0.91 < 0.99", 0)]
    [InlineData(AnalysisPhase.Inconclusive, 1, RolloutPhase.Paused, "paused at step 2/4: analysis inconclusive (success-rate 0.91 < 0.99); promote to go on or abort", 20)]
    public void The_step_follows_the_phase_of_its_run(string runPhase, int step, string phase, string message, int weight)
    {
        var world = AtStepAnalysis(ThreeSteps + ", pause");
        var name = world.CurrentRunName(1);
        world.SetRunPhase(name, runPhase, runPhase == AnalysisPhase.Running ? null : "success-rate 0.91 < 0.99");

        world.Run();

        Assert.Equal((step, phase), (world.Status.CurrentStepIndex, world.Status.Phase));
        Assert.Equal(world.Expand(message), world.Status.Message);

        Assert.Equal(weight, world.CanaryWeight);
        Assert.Null(world.Run(name).Spec!.Terminate);
        Assert.Single(world.AnalysisRuns);
        Assert.Equal(
            step == 1 ? new RolloutAnalysisRunStatus { Name = name, Status = runPhase, Message = runPhase == AnalysisPhase.Running ? null : "success-rate 0.91 < 0.99" } : null,
            world.Status.Canary!.CurrentStepAnalysisRunStatus);
    }

    [Fact]
    public void Background_analysis_starts_at_its_starting_step_and_is_shown_in_the_status()
    {
        var world = Updating("setWeight 20, pause 10s, setWeight 50, pause", Background("error-rate", startingStep: 2));

        world.Run(until: w => w.AnalysisRuns.Count > 0);
        var creating = Assert.Single(world.Plans, p => p.Actions.Any(a => a is CreateAnalysisRun));
        Assert.Equal((1, 2), (world.Plans[world.Plans.IndexOf(creating) - 1].Status.CurrentStepIndex, creating.Status.CurrentStepIndex));
        var run = Assert.Single(world.AnalysisRuns);
        Assert.Equal(world.Expand("web-{v2}-background"), run.Metadata.Name);
        Assert.Equal(AnalysisLabels.BackgroundKind, run.Metadata.Labels![AnalysisLabels.Kind]);
        Assert.Equal(["error-rate"], run.Spec!.Metrics!.Select(m => m.Name));

        world.SetRunPhase(run.Metadata.Name!, AnalysisPhase.Running);
        world.Run(until: w => w.Status.Phase == RolloutPhase.Paused);
        Assert.Equal(new RolloutAnalysisRunStatus { Name = run.Metadata.Name, Status = AnalysisPhase.Running }, world.Status.Canary!.CurrentBackgroundAnalysisRunStatus);
        Assert.Null(world.Status.Canary.CurrentStepAnalysisRunStatus);
    }

    [Fact]
    public void Background_analysis_without_a_starting_step_starts_with_the_update()
    {
        var world = Updating("setWeight 20, pause", Background("error-rate"));

        world.Run(until: w => w.AnalysisRuns.Count > 0);

        Assert.Equal(0, world.Status.CurrentStepIndex);
        Assert.NotNull(world.RunFor("web:2", null));
    }

    [Fact]
    public void A_failed_background_run_aborts_mid_step_and_terminates_the_step_run_after_the_weight_cut()
    {
        var world = AtStepAnalysis(ThreeSteps, Background("error-rate"));
        world.SetRunPhase(world.CurrentRunName(1), AnalysisPhase.Running);
        world.FinishAnalysis(null, AnalysisPhase.Failed, "error-rate 0.2 > 0.01");

        var plan = world.Reconcile();

        Assert.Equal("aborted: background analysis failed: error-rate 0.2 > 0.01", plan.Status.Message);
        var actions = plan.Actions.Select(a => a.ToString()).ToList();
        var terminate = actions.IndexOf(world.Expand("terminate-analysis web-{v2}-1"));
        Assert.InRange(terminate, actions.IndexOf($"ingress {RolloutWorld.CanaryIngressName} weight=0") + 1, actions.Count);
        Assert.True(world.Run(world.CurrentRunName(1)).Spec!.Terminate);
        Assert.Null(world.Run(world.CurrentRunName(null)).Spec!.Terminate);
        Assert.DoesNotContain(world.Plan().Actions, a => a is TerminateAnalysisRun or CreateAnalysisRun);
    }

    [Fact]
    public void Promotion_terminates_a_running_background_run()
    {
        var world = Updating("setWeight 50, pause", Background("error-rate"));
        world.Run(until: w => w.Status.Phase == RolloutPhase.Paused);
        world.FinishAnalysis(null, AnalysisPhase.Running);

        world.Promote();
        world.Run();

        Assert.Equal((RolloutPhase.Healthy, RolloutWorld.Hash("web:2")), (world.Status.Phase, world.Status.StableRS));
        Assert.True(world.RunFor("web:2", null)!.Spec!.Terminate);
        var terminating = Assert.Single(world.Plans, p => p.Actions.Any(a => a is TerminateAnalysisRun));
        Assert.Equal(RolloutWorld.Hash("web:2"), terminating.Status.StableRS);
        Assert.Null(world.Status.Canary?.CurrentBackgroundAnalysisRunStatus);
    }

    [Fact]
    public void A_background_run_that_failed_before_promotion_aborts_instead()
    {
        var world = Updating("setWeight 50, pause", Background("error-rate"));
        world.Run(until: w => w.Status.Phase == RolloutPhase.Paused);
        world.FinishAnalysis(null, AnalysisPhase.Error, "prometheus unreachable");

        world.Promote();
        world.Run();

        Assert.Equal(RolloutPhase.Degraded, world.Status.Phase);
        Assert.Equal(RolloutWorld.Hash("web:1"), world.Status.StableRS);
        Assert.Equal("aborted: background analysis error: prometheus unreachable", world.Status.Message);
    }

    [Fact]
    public void Promote_full_skips_the_analysis_and_terminates_its_runs()
    {
        var world = AtStepAnalysis(ThreeSteps, Background("error-rate"));
        world.FinishAnalysis(1, AnalysisPhase.Running);

        world.PromoteFull();
        world.Run();

        Assert.Equal((RolloutPhase.Healthy, RolloutWorld.Hash("web:2")), (world.Status.Phase, world.Status.StableRS));
        Assert.All(world.AnalysisRuns, r => Assert.True(r.Spec!.Terminate));
        Assert.Equal(2, world.AnalysisRuns.Count);
    }

    [Fact]
    public void Promote_while_the_step_run_is_running_does_not_skip_it()
    {
        var world = AtStepAnalysis(ThreeSteps);
        world.FinishAnalysis(1, AnalysisPhase.Running);

        world.Promote();
        var plan = world.Reconcile();

        Assert.Equal(1, plan.Status.CurrentStepIndex);
        Assert.DoesNotContain(plan.Actions, a => a is TerminateAnalysisRun or CreateAnalysisRun);
    }

    [Fact]
    public void Promote_after_an_inconclusive_run_goes_on_and_leaves_the_run_alone()
    {
        var world = AtStepAnalysis(ThreeSteps);
        world.FinishAnalysis(1, AnalysisPhase.Inconclusive, "too few samples");
        world.Run();

        world.Promote();
        world.Run();

        Assert.Equal((RolloutPhase.Healthy, RolloutWorld.Hash("web:2")), (world.Status.Phase, world.Status.StableRS));
        Assert.Null(world.RunFor("web:2", 1)!.Spec!.Terminate);
    }

    [Fact]
    public void A_step_run_still_running_when_the_steps_are_done_holds_the_promotion_until_it_succeeds()
    {
        var world = AtStepAnalysis(ThreeSteps + ", pause");
        var name = world.CurrentRunName(1);
        world.FinishAnalysis(1, AnalysisPhase.Successful);
        world.Run();
        Assert.Equal(3, world.Status.CurrentStepIndex);
        world.PutAnalysisRun(world.Run(name) with { Status = new AnalysisRunStatus { Phase = AnalysisPhase.Running } });

        world.Promote();
        world.Run();

        Assert.Equal(world.Expand($"waiting for AnalysisRun {name} (Running) to end before promotion"), world.Status.Message);
        Assert.Equal(RolloutWorld.Hash("web:1"), world.Status.StableRS);
        Assert.Null(world.Run(name).Spec!.Terminate);

        world.SetRunPhase(name, AnalysisPhase.Successful);
        world.Run();
        Assert.Equal((RolloutPhase.Healthy, RolloutWorld.Hash("web:2")), (world.Status.Phase, world.Status.StableRS));
    }

    [Theory]
    [InlineData("abort")]
    [InlineData("new template")]
    [InlineData("rollback")]
    public void Running_runs_are_terminated_when_the_canary_is_given_up(string how)
    {
        var world = AtStepAnalysis(ThreeSteps, Background("error-rate"));
        world.FinishAnalysis(1, AnalysisPhase.Running);
        world.FinishAnalysis(null, AnalysisPhase.Running);
        switch (how)
        {
            case "abort":
                world.Abort();
                break;
            case "new template":
                world.SetImage("web:3");
                break;
            default:
                world.SetImage("web:1");
                break;
        }

        var plan = world.Reconcile();

        Assert.Equal(
            [world.Expand("terminate-analysis web-{v2}-1"), world.Expand("terminate-analysis web-{v2}-background")],
            plan.Actions.OfType<TerminateAnalysisRun>().Select(a => a.ToString()));
        Assert.DoesNotContain(plan.Actions, a => a is CreateAnalysisRun);
        Assert.All(world.AnalysisRuns, r => Assert.True(r.Spec!.Terminate));
        Assert.Empty(world.Plan().Actions.OfType<TerminateAnalysisRun>());
    }

    [Fact]
    public void A_new_template_gets_runs_of_its_own()
    {
        var world = AtStepAnalysis(ThreeSteps);
        world.SetImage("web:3");

        world.Run(until: w => w.RunFor("web:3", 1) is not null);

        Assert.Equal(1, world.Status.CurrentStepIndex);
        Assert.Equal(world.Expand("web-{v3}-1"), world.Status.Canary!.CurrentStepAnalysisRunStatus!.Name);
        Assert.True(world.RunFor("web:2", 1)!.Spec!.Terminate);
    }

    [Fact]
    public void A_retry_runs_the_analysis_afresh_and_the_old_failure_does_not_abort_it_again()
    {
        var world = AtStepAnalysis(ThreeSteps, Background("error-rate"));
        world.FinishAnalysis(1, AnalysisPhase.Failed, "success-rate 0.91 < 0.99");
        world.Run();
        Assert.Equal(RolloutPhase.Degraded, world.Status.Phase);

        world.Retry();
        var retry = world.Reconcile();
        Assert.Equal(2, retry.Status.Canary!.AnalysisAttempt);
        Assert.DoesNotContain(retry.Actions, a => a is CreateAnalysisRun);

        world.Run(until: w => w.Status.CurrentStepIndex == 1 && w.Plans[^1].IsEmpty);
        Assert.Equal(RolloutPhase.Progressing, world.Status.Phase);
        Assert.Equal(world.Expand("web-{v2}-1-attempt-2"), world.RunFor("web:2", 1, attempt: 2)!.Metadata.Name);
        Assert.NotNull(world.RunFor("web:2", null, attempt: 2));
        Assert.Equal("2", world.RunFor("web:2", 1, attempt: 2)!.Metadata.Labels![AnalysisLabels.Attempt]);
        Assert.Equal(AnalysisPhase.Failed, world.RunFor("web:2", 1)!.Status!.Phase);
        Assert.Equal(4, world.AnalysisRuns.Count);

        world.FinishAnalysis(1, AnalysisPhase.Successful);
        world.Run();
        Assert.Equal((RolloutPhase.Healthy, RolloutWorld.Hash("web:2")), (world.Status.Phase, world.Status.StableRS));
        Assert.Null(world.Status.Canary!.AnalysisAttempt);
    }

    [Fact]
    public void Runs_are_created_once_even_when_the_operator_dies_before_writing_the_status()
    {
        var world = Updating(ThreeSteps);
        var killed = 0;
        world.KillAfter = plan =>
        {
            if (plan.Actions.Any(a => a is CreateAnalysisRun) && killed++ == 0)
            {
                return plan.Actions.Count;
            }

            return null;
        };

        world.Run(until: w => w.Status.CurrentStepIndex == 1 && w.Plans[^1].IsEmpty);

        Assert.Equal(1, killed);
        Assert.Single(world.AnalysisRuns);
        Assert.Single(world.Plans, p => p.Actions.Any(a => a is CreateAnalysisRun));
        Assert.Equal(world.Expand("web-{v2}-1"), world.Status.Canary!.CurrentStepAnalysisRunStatus!.Name);
    }

    [Fact]
    public void Going_back_to_an_earlier_canary_does_not_reuse_its_failed_runs()
    {
        var world = AtStepAnalysis(ThreeSteps);
        world.FinishAnalysis(1, AnalysisPhase.Failed, "success-rate 0.5");
        world.Run();
        world.SetImage("web:3");
        world.Run(until: w => w.RunFor("web:3", 1) is not null);

        world.SetImage("web:2");
        world.Run(until: w => w.Status.CurrentStepIndex == 1 && w.Plans[^1].IsEmpty);

        Assert.Equal(RolloutPhase.Progressing, world.Status.Phase);
        Assert.Equal(2, world.Status.Canary!.AnalysisAttempt);
        Assert.NotNull(world.RunFor("web:2", 1, attempt: 2));
    }

    [Fact]
    public void A_missing_template_holds_the_step_with_one_warning_until_it_appears()
    {
        var world = AtStepAnalysis("setWeight 20, analysis latency, setWeight 50");

        var expected = "AnalysisTemplate \"latency\" (spec.strategy.canary.steps[1].analysis.templates[0].templateName) does not exist in namespace shop";
        Assert.Empty(world.AnalysisRuns);
        Assert.Equal((RolloutPhase.Progressing, $"step 2/3: analysis cannot start: {expected}"), (world.Status.Phase, world.Status.Message));
        Assert.Equal(new RolloutAnalysisRunStatus { Name = world.Expand("web-{v2}-1"), Status = AnalysisPhase.Pending, Message = expected },
            world.Status.Canary!.CurrentStepAnalysisRunStatus);
        var warning = Assert.Single(world.Events, e => e.Reason == "AnalysisRunNotStarted");
        Assert.Equal(RecordEvent.Warning, warning.Type);
        Assert.Contains(expected, warning.Message, StringComparison.Ordinal);
        Assert.True(world.Plan().IsEmpty);

        world.Templates.Add(RolloutWorld.AnalysisTemplate("latency"));
        var plan = world.Reconcile();

        Assert.Equal(world.Expand("create-analysis web-{v2}-1"), plan.Actions.OfType<CreateAnalysisRun>().Single().ToString());
        Assert.Equal(world.Expand("step 2/3: waiting for analysis latency of web-{v2}"), plan.Status.Message);
    }

    [Fact]
    public void An_argument_without_a_value_holds_the_step_naming_it()
    {
        var world = RolloutWorld.Create("setWeight 20, analysis latency, setWeight 50");
        world.Templates.Add(RolloutWorld.AnalysisTemplate("latency", "service"));
        world.Run();
        world.SetImage("web:2");

        world.Run(until: w => w.Status.CurrentStepIndex == 1 && w.Plans[^1].IsEmpty);

        Assert.Empty(world.AnalysisRuns);
        Assert.StartsWith(
            "step 2/3: analysis cannot start: spec.strategy.canary.steps[1].analysis.args: argument \"service\" of AnalysisTemplate \"latency\" has no value",
            world.Status.Message, StringComparison.Ordinal);
        Assert.Single(world.Events, e => e.Reason == "AnalysisRunNotStarted");
    }

    [Fact]
    public void A_missing_background_template_holds_the_steps()
    {
        var world = Updating("setWeight 20, setWeight 50", Background("latency", startingStep: 1));

        world.Run();

        Assert.Equal(1, world.Status.CurrentStepIndex);
        Assert.Equal(RolloutWorld.Hash("web:1"), world.Status.StableRS);
        Assert.Equal(
            "background analysis cannot start: AnalysisTemplate \"latency\" (spec.strategy.canary.analysis.templates[0].templateName) does not exist in namespace shop",
            world.Status.Message);
        Assert.Empty(world.AnalysisRuns);
    }

    [Fact]
    public void No_run_is_started_while_spec_paused()
    {
        var world = RolloutWorld.Create("analysis success-rate, setWeight 50");
        world.Run();
        world.SetPaused(true);
        world.SetImage("web:2");

        world.Run();

        Assert.Empty(world.AnalysisRuns);
        Assert.Equal("not started while spec.paused is true", world.Status.Canary!.CurrentStepAnalysisRunStatus!.Message);

        world.SetPaused(false);
        world.Run(until: w => w.AnalysisRuns.Count > 0);
        Assert.NotNull(world.RunFor("web:2", 0));
    }

    [Fact]
    public void A_rollout_with_step_and_background_analysis_goes_through_when_every_run_succeeds()
    {
        var world = AtStepAnalysis(ThreeSteps, Background("error-rate"));
        world.FinishAnalysis(null, AnalysisPhase.Running);
        world.FinishAnalysis(1, AnalysisPhase.Successful);

        world.Run();

        Assert.Equal((RolloutPhase.Healthy, RolloutWorld.Hash("web:2")), (world.Status.Phase, world.Status.StableRS));
        Assert.Null(world.RunFor("web:2", 1)!.Spec!.Terminate);
        Assert.True(world.RunFor("web:2", null)!.Spec!.Terminate);
        Assert.Equal(2, world.Events.Count(e => e.Reason == "AnalysisRunStarted"));
        Assert.True(world.Plan().IsEmpty);
    }

    private static Func<CanaryStrategy, CanaryStrategy> Background(string template, int? startingStep = null) =>
        c => c with { Analysis = new RolloutAnalysis { Templates = [new AnalysisTemplateReference { TemplateName = template }], StartingStep = startingStep } };

    private static RolloutWorld Updating(string steps, Func<CanaryStrategy, CanaryStrategy>? strategy = null)
    {
        var world = RolloutWorld.Create(steps, strategy: strategy);
        world.Run();
        world.SetImage("web:2");
        return world;
    }

    private static RolloutWorld AtStepAnalysis(string steps, Func<CanaryStrategy, CanaryStrategy>? strategy = null)
    {
        var world = Updating(steps, strategy);
        world.Run(until: w => w.Status.CurrentStepIndex == 1 && w.Plans[^1].IsEmpty);
        return world;
    }
}
