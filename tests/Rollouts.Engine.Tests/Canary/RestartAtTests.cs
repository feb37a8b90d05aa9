using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Canary;

/// <summary>spec.restartAt: pods created before it are deleted one at a time, within maxUnavailable, then status.restartedAt is set.</summary>
public class RestartAtTests
{
    private static readonly DateTimeOffset RestartAt = RolloutWorld.Start.AddMinutes(10);

    /// <summary>
    /// Pods are written "name:age:ready" (age "old": created before restartAt, "new": after; ready "r" or "n";
    /// "t" for terminating). Five replicas, maxUnavailable 25% (one pod).
    /// </summary>
    [Theory]
    [InlineData("a:old:r b:old:r c:old:r d:old:r e:old:r", "delete-pod a")]                 // five ready: one may go
    [InlineData("a:old:r b:old:r c:old:r d:old:r e:new:n", "")]                             // four ready: none may go
    [InlineData("a:old:r b:old:r c:old:n d:old:r e:new:r", "delete-pod c")]                 // a pod that is not ready goes first, at any time
    [InlineData("a:old:r b:old:r c:old:r d:old:r e:old:t f:new:r", "")]                     // one still terminating: wait
    [InlineData("a:new:r b:new:r c:new:r d:new:r e:old:r", "delete-pod e")]
    [InlineData("a:old:r b:old:r c:old:r d:old:r e:new:r f:new:r", "delete-pod a")]         // a surge pod counts as available
    public void Pods_created_before_restartAt_are_deleted_one_at_a_time_within_max_unavailable(string pods, string expected)
    {
        var world = Healthy();
        var plan = RestartPlanner(world, Pods(pods));

        Assert.Equal(expected, string.Join(" ", plan.Actions.Where(a => a is not RecordEvent).Select(a => a.ToString())));
        Assert.Null(plan.Status.RestartedAt);
        if (expected.Length > 0)
        {
            Assert.Contains(plan.Actions, a => a is RecordEvent { Reason: "RestartingPod" });
        }
    }

    [Fact]
    public void When_no_pod_is_older_than_restartAt_the_restart_is_recorded_once()
    {
        var world = Healthy();

        var done = RestartPlanner(world, Pods("a:new:r b:new:r c:new:r d:new:r e:new:r"));
        Assert.Equal(RestartAt, done.Status.RestartedAt);
        Assert.True(done.StatusChanged);
        Assert.Contains(done.Actions, a => a is RecordEvent { Reason: "RolloutRestarted" });
        Assert.Equal("RolloutRestarted", done.Status.History![^1].Action);

        world.Apply(done);
        var after = RestartPlanner(world, Pods("a:old:r b:old:r c:old:r d:old:r e:old:r"));
        Assert.True(after.IsEmpty, string.Join("; ", after.Actions));
        Assert.Equal(RestartAt, after.Status.RestartedAt);
    }

    [Fact]
    public void A_restartAt_in_the_future_wakes_the_planner_then_and_restarts_nothing_before()
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        world.Advance(RestartAt.AddMinutes(-5) - world.Now);
        world.SetRestartAt(RestartAt);

        var plan = RestartPlanner(world, Pods("a:old:r b:old:r c:old:r d:old:r e:old:r"));

        Assert.Empty(plan.Actions);
        Assert.Equal(RestartAt - world.Now, plan.RequeueAfter);
    }

    [Fact]
    public void No_pod_is_deleted_while_the_strategy_still_changes_the_world()
    {
        var world = Healthy();
        world.SetImage("web:2");

        var plan = RestartPlanner(world, Pods("a:old:r b:old:r c:old:r d:old:r e:old:r"));

        Assert.Contains(plan.Actions, a => a is CreateReplicaSet);
        Assert.DoesNotContain(plan.Actions, a => a is DeletePod);
    }

    private static RolloutWorld Healthy()
    {
        var world = RolloutWorld.Create("setWeight 20, pause");
        world.Run();
        world.Advance(RestartAt.AddMinutes(1) - world.Now);
        world.SetRestartAt(RestartAt);
        return world;
    }

    private static Plan RestartPlanner(RolloutWorld world, IReadOnlyList<Pod> pods)
    {
        var observation = world.Observe() with { Pods = pods };
        var plan = RolloutPlanner.Plan(observation);
        Assert.Empty(PlanInvariants.Check(observation, plan));
        return plan;
    }

    private static List<Pod> Pods(string text) =>
    [
        .. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(':')).Select(p => new Pod
        {
            Metadata = new ObjectMeta
            {
                Name = p[0],
                CreationTimestamp = p[1] == "old" ? RestartAt.AddMinutes(-5) : RestartAt.AddSeconds(30),
                DeletionTimestamp = p[2] == "t" ? RestartAt.AddSeconds(40) : null,
            },
            Status = new PodStatus { Conditions = [new PodCondition { Type = "Ready", Status = p[2] == "n" ? "False" : "True" }] },
        }),
    ];
}
