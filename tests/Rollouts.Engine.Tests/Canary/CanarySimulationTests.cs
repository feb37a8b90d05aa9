using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>
/// Whole rollouts in a small in-memory world: every plan is applied as the controller would, its invariants
/// are checked, and traffic is checked to always reach available pods.
/// </summary>
public class CanarySimulationTests
{
    private static readonly string V1 = RolloutWorld.Hash("web:1");
    private static readonly string V2 = RolloutWorld.Hash("web:2");
    private static readonly string V3 = RolloutWorld.Hash("web:3");

    [Fact]
    public void A_rollout_goes_from_first_apply_through_every_step_and_promote_to_healthy()
    {
        var world = RolloutWorld.Create("setWeight 20, pause 30s, setWeight 50, pause");
        world.ReadyAfterTicks = 2;

        world.Run();
        Assert.Equal(RolloutPhase.Healthy, world.Status.Phase);
        Assert.Equal(V1, world.Status.StableRS);
        Assert.Equal("5/5", world.SizeOf("web:1"));
        Assert.Null(world.CanaryWeight);

        world.SetImage("web:2");
        world.Run();
        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
        Assert.Equal(3, world.Status.CurrentStepIndex);
        Assert.Equal(50, world.CanaryWeight);
        Assert.Equal("3/3", world.SizeOf("web:2"));
        Assert.Equal("5/5", world.SizeOf("web:1"));

        world.Promote();
        world.Run();
        AssertHealthyOn(world, "web:2");
        Assert.Equal("0/0", world.SizeOf("web:1"));
        Assert.Equal(
            ["UpdateStarted", "StepStarted", "RolloutPaused", "RolloutResumed", "StepStarted",
             "StepStarted", "RolloutPaused", "RolloutResumed", "StepsCompleted", "RolloutPromoted"],
            world.Events.Select(e => e.Reason));
    }

    [Fact]
    public void An_abort_takes_traffic_back_at_once_scales_the_canary_down_after_the_delay_and_a_retry_starts_over()
    {
        var world = UpdatingAndPausedAt20();

        world.Abort();
        var abort = world.Reconcile();
        Assert.Equal(0, world.CanaryWeight);
        Assert.Equal(RolloutPhase.Degraded, world.Status.Phase);
        Assert.Equal(world.Now, world.Status.AbortedAt);
        Assert.StartsWith("aborted: aborted on request", world.Status.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), abort.RequeueAfter);

        var abortedAt = world.Now;
        world.Run();
        Assert.Equal("0/0", world.SizeOf("web:2"));
        Assert.True(world.Now >= abortedAt.AddSeconds(30));
        Assert.Equal(RolloutPhase.Degraded, world.Status.Phase);
        Assert.Equal(V1, world.SelectorOf("web-stable"));
        Assert.Equal("RolloutAborted", world.Status.History![^1].Action);

        world.Retry();
        world.Run();
        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
        Assert.Equal(1, world.Status.CurrentStepIndex);
        Assert.Equal(20, world.CanaryWeight);
        Assert.Null(world.Status.AbortedAt);
        Assert.Contains(world.Events, e => e.Reason == "RolloutRetried");

        world.Promote();
        world.Run();
        AssertHealthyOn(world, "web:2");
    }

    [Fact]
    public void Going_back_to_the_stable_template_rolls_back_at_once_without_steps()
    {
        var world = UpdatingAndPausedAt20();

        world.SetImage("web:1");
        var rollback = world.Reconcile();
        Assert.Equal(
            [$"delete-ingress {RolloutWorld.CanaryIngressName}", $"select web-canary {V1}"],
            rollback.Actions.Where(a => a is DeleteCanaryIngress or PatchServiceSelector).Select(a => a.ToString()).Order());
        Assert.Contains(rollback.Actions, a => a is RecordEvent { Reason: "RolledBack" });

        world.Run();
        AssertHealthyOn(world, "web:1");
        Assert.Equal("0/0", world.SizeOf("web:2"));
    }

    [Fact]
    public void A_new_template_during_the_canary_replaces_it_and_starts_the_steps_over()
    {
        var world = UpdatingAndPausedAt20();

        world.SetImage("web:3");
        var replace = world.Reconcile();
        Assert.Equal(0, world.CanaryWeight);
        Assert.Equal(V3, world.SelectorOf("web-canary"));
        Assert.Equal(0, world.Status.CurrentStepIndex);
        Assert.Contains(replace.Actions, a => a is RecordEvent { Reason: "CanaryReplaced" });

        world.Run();
        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
        Assert.Equal(V3, world.Status.CurrentPodHash);
        Assert.Equal(20, world.CanaryWeight);
        Assert.Equal("0/0", world.SizeOf("web:2"));

        world.Promote();
        world.Run();
        AssertHealthyOn(world, "web:3");
    }

    [Fact]
    public void A_deleted_or_edited_canary_ingress_is_put_back()
    {
        var world = UpdatingAndPausedAt20();

        world.DeleteIngress(RolloutWorld.CanaryIngressName);
        world.Run();
        Assert.Equal(20, world.CanaryWeight);

        var edited = world.Ingress(RolloutWorld.CanaryIngressName)!;
        world.PutIngress(edited with
        {
            Metadata = edited.Metadata with
            {
                Annotations = new Dictionary<string, string>(edited.Metadata.Annotations!) { ["nginx.ingress.kubernetes.io/canary-weight"] = "90" },
            },
        });
        var repair = world.Reconcile();
        Assert.Equal([$"ingress {RolloutWorld.CanaryIngressName} weight=20"], repair.Actions.Select(a => a.ToString()));
        Assert.Equal(20, world.CanaryWeight);
        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
    }

    [Fact]
    public void A_change_to_the_stable_ingress_reaches_the_canary_ingress()
    {
        var world = UpdatingAndPausedAt20();
        var stable = RolloutWorld.StableIngress();
        world.PutIngress(stable with
        {
            Spec = stable.Spec! with { Tls = [new IngressTls { Hosts = ["web.example.com"], SecretName = "web-tls" }] },
        });

        world.Run();

        Assert.Equal("web-tls", world.Ingress(RolloutWorld.CanaryIngressName)!.Spec!.Tls![0].SecretName);
        Assert.Equal(20, world.CanaryWeight);
    }

    [Fact]
    public void Promote_full_skips_the_remaining_steps()
    {
        var world = UpdatingAndPausedAt20();

        world.PromoteFull();
        world.Run();

        AssertHealthyOn(world, "web:2");
        Assert.Null(world.Status.PromoteFull);
        Assert.Contains(world.Events, e => e.Reason == "RolloutPromoted" && e.Message.Contains("skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_canary_whose_pods_never_become_available_is_degraded_at_the_deadline_and_aborted_when_asked()
    {
        var world = RolloutWorld.Create("setWeight 20, pause", spec: s => s with { ProgressDeadlineSeconds = 60, ProgressDeadlineAbort = true });
        world.Run();
        world.BrokenImages.Add("web:2");
        world.SetImage("web:2");

        world.Run(until: w => w.Status.Abort == true, maxReconciles: 200);

        Assert.Equal(RolloutPhase.Degraded, world.Status.Phase);
        Assert.Equal(0, world.CanaryWeight);
        Assert.Contains("ProgressDeadlineExceeded", world.Events.Select(e => e.Reason));
        Assert.Contains("waiting for canary ReplicaSet", world.Status.Message, StringComparison.Ordinal);
        Assert.Equal("5/5", world.SizeOf("web:1"));
    }

    [Fact]
    public void A_long_manual_pause_never_uses_up_the_progress_deadline()
    {
        var world = UpdatingAndPausedAt20();

        world.Advance(TimeSpan.FromHours(5));
        var plan = world.Reconcile();
        Assert.True(plan.IsEmpty);
        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);

        world.Promote();
        world.Run();
        AssertHealthyOn(world, "web:2");
        Assert.DoesNotContain(world.Events, e => e.Reason == "ProgressDeadlineExceeded");
    }

    [Fact]
    public void Spec_paused_holds_the_steps_until_it_is_lifted()
    {
        var world = RolloutWorld.Create("setWeight 20, pause 30s, setWeight 50");
        world.Run();
        world.SetPaused(true);
        world.SetImage("web:2");

        world.Run();
        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
        Assert.Equal(0, world.Status.CurrentStepIndex);
        Assert.Equal(0, world.CanaryWeight);
        Assert.Equal("1/1", world.SizeOf("web:2"));

        world.SetPaused(false);
        world.Run();
        AssertHealthyOn(world, "web:2");
    }

    [Fact]
    public void Analysis_steps_gate_the_steps_and_a_failed_analysis_aborts_with_its_reason()
    {
        var world = RolloutWorld.Create("setWeight 20, analysis success-rate, setWeight 50");
        world.Run();
        world.SetImage("web:2");

        world.Run(until: w => w.Status.CurrentStepIndex == 1 && w.Plans[^1].IsEmpty);
        Assert.Equal(RolloutPhase.Progressing, world.Status.Phase);
        Assert.Contains("waiting for analysis success-rate", world.Status.Message, StringComparison.Ordinal);

        world.FinishAnalysis(step: 1, AnalysisPhase.Failed, "success-rate 0.91 < 0.99");
        world.Run();
        Assert.Equal(RolloutPhase.Degraded, world.Status.Phase);
        Assert.Equal(0, world.CanaryWeight);
        Assert.Contains("success-rate 0.91 < 0.99", world.Status.Message, StringComparison.Ordinal);
        Assert.Equal("AnalysisFailed", world.Status.History![^1].Reason);
    }

    [Theory]
    [InlineData(10, "1", "0")]
    [InlineData(10, "25%", "25%")]
    [InlineData(4, "0", "1")]
    [InlineData(1, "1", "0")]
    public void Without_traffic_routing_the_pods_carry_the_weight_within_surge_and_unavailability(int replicas, string surge, string unavailable)
    {
        var world = RolloutWorld.Create("setWeight 25, pause 10s, setWeight 50, pause 10s", replicas, nginx: false,
            strategy: c => c with { MaxSurge = Limit(surge), MaxUnavailable = Limit(unavailable) });
        world.ReadyAfterTicks = 1;
        world.Run();
        world.SetImage("web:2");

        world.Run(until: w =>
        {
            var pods = w.ReplicaSets.Sum(rs => rs.Spec?.Replicas ?? 0);
            var available = w.ReplicaSets.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
            var (maxSurge, maxUnavailable) = Rollouts.Engine.Canary.BasicCanaryReplicas.Limits(replicas, Limit(surge), Limit(unavailable));
            Assert.InRange(pods, 0, replicas + maxSurge);
            Assert.InRange(available, replicas - maxUnavailable, int.MaxValue);
            return w.Status.Phase == RolloutPhase.Healthy && w.Status.StableRS == V2 && w.SizeOf("web:1") == "0/0";
        });

        Assert.Equal($"{replicas}/{replicas}", world.SizeOf("web:2"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void An_operator_killed_in_the_middle_of_any_plan_continues_where_it_stopped(int killEvery)
    {
        var world = RolloutWorld.Create("setWeight 20, pause 30s, setWeight 50, pause");
        world.ReadyAfterTicks = 1;
        var (count, killed, lastKilled) = (0, 0, false);
        world.KillAfter = plan =>
        {
            // Killed after 1..n-1 of the plan's actions, at every killEvery-th plan of two or more actions (never twice in a row).
            var kill = plan.Actions.Count > 1 && ++count % killEvery == 0 && !lastKilled;
            lastKilled = kill;
            killed += kill ? 1 : 0;
            return kill ? count % (plan.Actions.Count - 1) + 1 : null;
        };

        world.Run();
        world.SetImage("web:2");
        world.Run();
        Assert.Equal((RolloutPhase.Paused, 3, 50), (world.Status.Phase, world.Status.CurrentStepIndex, world.CanaryWeight));

        world.Abort();
        world.Run();
        world.Retry();
        world.Run();
        world.SetImage("web:3");
        world.Run();
        world.Promote();
        world.Run();

        AssertHealthyOn(world, "web:3");
        Assert.True(killed > 5, "plans were interrupted");
    }

    private static IntOrString Limit(string text) =>
        text.EndsWith('%') ? IntOrString.FromText(text) : IntOrString.FromNumber(int.Parse(text, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>web:1 stable on 5 pods, web:2 at step 2 (an endless pause) with 20% of traffic on 1 pod.</summary>
    private static RolloutWorld UpdatingAndPausedAt20()
    {
        var world = RolloutWorld.Create("setWeight 20, pause, setWeight 50, pause 30s");
        world.Run();
        world.SetImage("web:2");
        world.Run();
        Assert.Equal(RolloutPhase.Paused, world.Status.Phase);
        Assert.Equal(1, world.Status.CurrentStepIndex);
        Assert.Equal(20, world.CanaryWeight);
        Assert.Equal("1/1", world.SizeOf("web:2"));
        return world;
    }

    private static void AssertHealthyOn(RolloutWorld world, string image)
    {
        var hash = RolloutWorld.Hash(image);
        Assert.Equal(RolloutPhase.Healthy, world.Status.Phase);
        Assert.Equal(hash, world.Status.StableRS);
        Assert.Equal(hash, world.Status.CurrentPodHash);
        Assert.Equal(hash, world.SelectorOf("web-stable"));
        Assert.Equal(hash, world.SelectorOf("web-canary"));
        Assert.Null(world.CanaryWeight);
        Assert.Equal("5/5", world.SizeOf(image));
        Assert.NotEqual(true, world.Status.Abort);
        Assert.DoesNotContain(world.ReplicaSets, rs => rs.Metadata.Name != RolloutWorld.NameOf(image) && rs.Spec!.Replicas > 0);
        Assert.True(world.Plan().IsEmpty, "a healthy rollout plans nothing");
    }
}
