using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Planning;

public class SafeOrderTests
{
    [Fact]
    public void Capacity_comes_first_then_weights_then_services_then_removals_then_analysis_runs_then_events()
    {
        var observed = new[] { ReplicaSet("web-old", 5), ReplicaSet("web-new", 1) };
        PlanAction[] shuffled =
        [
            new RecordEvent(RecordEvent.Normal, "RolloutPromoted", "m"),
            new CreateAnalysisRun(new Rollouts.Api.Analysis.AnalysisRun { Metadata = new ObjectMeta { Name = "web-new-1" } }),
            new TerminateAnalysisRun("web-old-background"),
            new DeleteReplicaSet("web-older"),
            new ScaleReplicaSet("web-old", 0),
            new AnnotateReplicaSet("web-old", DateTimeOffset.UnixEpoch),
            new DeleteCanaryIngress("web-web-canary"),
            new PatchServiceSelector("web-stable", "new"),
            new ApplyCanaryIngress(new Ingress { Metadata = new ObjectMeta { Name = "web-web-canary" } }, 0),
            new ScaleReplicaSet("web-new", 5),
            new CreateReplicaSet(ReplicaSet("web-newest", 1)),
        ];

        var ordered = SafeOrder.Sort(shuffled, observed).Select(a => a.ToString()).ToList();

        Assert.Equal(
            [
                "scale web-new 5",
                "create web-newest replicas=1",
                "ingress web-web-canary weight=0",
                "select web-stable new",
                "delete-ingress web-web-canary",
                "annotate web-old scale-down-at=1970-01-01T00:00:00Z",
                "scale web-old 0",
                "delete web-older",
                "terminate-analysis web-old-background",
                "create-analysis web-new-1",
                "event Normal RolloutPromoted: m",
            ],
            ordered);
    }

    private static ReplicaSet ReplicaSet(string name, int replicas) =>
        new() { Metadata = new ObjectMeta { Name = name }, Spec = new ReplicaSetSpec { Replicas = replicas } };
}
