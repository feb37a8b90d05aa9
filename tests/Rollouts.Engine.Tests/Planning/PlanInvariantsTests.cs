using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;
using Rollouts.Engine.Traffic.Nginx;

namespace Rollouts.Engine.Tests.Planning;

/// <summary>The invariant checker catches each broken promise (every other test calls it on every plan).</summary>
public class PlanInvariantsTests
{
    [Theory]
    [InlineData("raise-above-step", "above the 20 the current step allows")]
    [InlineData("raise-before-step-recorded", "rises to 20, above the 0 the step recorded before this plan allows")]
    [InlineData("raise-without-capacity", "rises to 20 while the canary lacks capacity")]
    [InlineData("status-differs", "status.canary.weights says 30 but canary ingress web-web-canary holds 20")]
    [InlineData("aborted-with-weight", "the rollout is aborted but status.canary.weights says 20")]
    [InlineData("switch-after-scale-down", "a service is switched after a canary ingress is deleted or a ReplicaSet is scaled down or deleted")]
    [InlineData("weight-after-scale-down", "a canary ingress weight is set after a ReplicaSet is scaled down")]
    [InlineData("weight-before-capacity", "a ReplicaSet is created or scaled up after a canary ingress weight is set")]
    [InlineData("stable-scaled-to-zero", "selected by the stable service, is scaled to zero or deleted")]
    [InlineData("canary-scaled-to-zero-with-traffic", "is scaled to zero while the canary ingress sends it 20% of traffic")]
    [InlineData("stable-below-its-traffic", "is scaled to 3, below the 5 pods its traffic needs (spec.replicas; without dynamicStableScale the stable keeps every pod)")]
    public void A_plan_that_breaks_a_promise_is_reported(string breach, string violation)
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        world.SetImage("web:2");
        world.Reconcile();
        var (canary, stable) = (RolloutWorld.NameOf("web:2"), RolloutWorld.NameOf("web:1"));
        world.SetSize("web:2", 1, breach == "raise-without-capacity" ? 0 : 1);
        if (breach is "status-differs" or "aborted-with-weight" or "stable-scaled-to-zero" or "canary-scaled-to-zero-with-traffic" or "stable-below-its-traffic")
        {
            world.SetCanaryWeight(20);
        }

        var good = world.Plan();
        var observation = world.Observe();
        var status = good.Status;
        PlanAction Weight(int w) => new ApplyCanaryIngress(NginxCanaryIngress.Build(world.Rollout, world.Ingress("web")!, w).Ingress!, w);
        RolloutStatus WithWeight(RolloutStatus s, int w) =>
            s with { Canary = new CanaryStatus { Weights = new TrafficWeights { Canary = new WeightDestination { Weight = w } } } };

        var plan = breach switch
        {
            "raise-above-step" => Bad([Weight(50)], WithWeight(status, 50)),
            "raise-before-step-recorded" => Bad([Weight(20)], WithWeight(status, 20)),
            "raise-without-capacity" => Bad([Weight(20)], WithWeight(status, 20)),
            "status-differs" => Bad([], WithWeight(status, 30)),
            "aborted-with-weight" => Bad([], WithWeight(status, 20) with { Abort = true }),
            "switch-after-scale-down" => Bad([new ScaleReplicaSet(canary, 0), new PatchServiceSelector("web-canary", "x")], WithWeight(status, 0)),
            "weight-after-scale-down" => Bad([new ScaleReplicaSet(canary, 0), Weight(0)], WithWeight(status, 0)),
            "weight-before-capacity" => Bad([Weight(20), new ScaleReplicaSet(canary, 3)], WithWeight(status, 20)),
            "stable-scaled-to-zero" => Bad([new ScaleReplicaSet(stable, 0)], WithWeight(status, 20)),
            "canary-scaled-to-zero-with-traffic" => Bad([new ScaleReplicaSet(canary, 0)], WithWeight(status, 20)),
            "stable-below-its-traffic" => Bad([new ScaleReplicaSet(stable, 3)], WithWeight(status, 20)),
            _ => throw new ArgumentException(breach, nameof(breach)),
        };

        Assert.Empty(PlanInvariants.Check(observation, good));
        var checkedAgainst = breach == "raise-before-step-recorded"
            ? observation with { Rollout = observation.Rollout with { Status = observation.Rollout.Status! with { CurrentPodHash = RolloutWorld.Hash("web:1"), CurrentStepIndex = null } } }
            : observation;
        Assert.Contains(PlanInvariants.Check(checkedAgainst, plan), v => v.Contains(violation, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("create-observed", "AnalysisRun web-{v2}-1 is created but was observed")]
    [InlineData("create-aborted", "AnalysisRun web-{v2}-1-attempt-2 is created while the update is aborted")]
    [InlineData("create-steady", "AnalysisRun web-{v2}-1-attempt-2 is created while no update is in progress")]
    [InlineData("terminate-unobserved", "AnalysisRun web-{v2}-0 is terminated but was not observed")]
    [InlineData("terminate-ended", "AnalysisRun web-{v2}-1 is terminated but has already ended")]
    [InlineData("terminate-twice", "AnalysisRun web-{v2}-1 is terminated but has already been told to stop")]
    [InlineData("delete-running", "AnalysisRun web-{v2}-1 is deleted but was not observed ended")]
    [InlineData("delete-referenced", "AnalysisRun web-{v2}-1 is deleted while the status names it")]
    public void A_plan_that_mishandles_analysis_runs_is_reported(string breach, string violation)
    {
        var world = RolloutWorld.Create("setWeight 20, analysis success-rate, pause");
        world.Run();
        world.SetImage("web:2");
        world.Run(until: w => w.AnalysisRuns.Count == 1 && w.Plans[^1].IsEmpty);
        var run = world.RunFor("web:2", 1)!;
        if (breach is "terminate-ended" or "delete-referenced")
        {
            world.SetRunPhase(run.Metadata.Name!, Api.Analysis.AnalysisPhase.Failed);
        }
        else if (breach == "terminate-twice")
        {
            world.PutAnalysisRun(run with { Spec = run.Spec! with { Terminate = true } });
        }

        var good = world.Plan();
        var observation = world.Observe();
        var another = new CreateAnalysisRun(run with { Metadata = run.Metadata with { Name = run.Metadata.Name + "-attempt-2" } });
        var plan = breach switch
        {
            "create-observed" => Bad([new CreateAnalysisRun(run)], good.Status),
            "create-aborted" => Bad([another], good.Status with { Abort = true, Canary = null }),
            "create-steady" => Bad([another], good.Status with { StableRS = good.Status.CurrentPodHash }),
            "terminate-unobserved" => Bad([new TerminateAnalysisRun(world.Expand("web-{v2}-0"))], good.Status),
            "delete-running" or "delete-referenced" => Bad([new DeleteAnalysisRun(run.Metadata.Name!)], good.Status),
            _ => Bad([new TerminateAnalysisRun(run.Metadata.Name!)], good.Status),
        };

        Assert.Empty(PlanInvariants.Check(observation, good));
        Assert.Contains(PlanInvariants.Check(observation, plan), v => v == world.Expand(violation));
    }

    [Theory]
    [InlineData(3, 40, true)]   // 3 of 5 stable pods carry 60%: the weight may stay at 40
    [InlineData(3, 30, false)]  // falling to 30 would send the stable 70%
    [InlineData(5, 0, true)]
    public void With_dynamic_stable_scale_an_aborted_weight_falls_only_as_far_as_the_stable_pods_carry(int stableAvailable, int after, bool kept)
    {
        var world = RolloutWorld.Create("setWeight 50, pause", strategy: c => c with { DynamicStableScale = true, ScaleDownDelaySeconds = 0 });
        world.Run();
        world.SetImage("web:2");
        world.Run();
        world.SetSize("web:1", 5, stableAvailable);
        world.Abort();
        var observation = world.Observe();
        var status = world.Plan().Status;
        var weight = new ApplyCanaryIngress(NginxCanaryIngress.Build(world.Rollout, world.Ingress("web")!, after).Ingress!, after);
        var plan = Bad([weight], status with
        {
            Abort = true,
            Canary = new CanaryStatus { Weights = new TrafficWeights { Canary = new WeightDestination { Weight = after } } },
        });

        var violations = PlanInvariants.Check(observation, plan);
        Assert.True(kept == (violations.Count == 0), string.Join("\n", violations));
    }

    private static Plan Bad(IReadOnlyList<PlanAction> actions, RolloutStatus status) =>
        new() { Actions = actions, Status = status, StatusChanged = true };
}
