using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Planning;

/// <summary>
/// The order in which a plan's actions are applied, so that traffic never gets ahead of capacity even when
/// the operator stops between two of them:
/// <list type="number">
/// <item>create and scale up ReplicaSets (capacity first);</item>
/// <item>set canary ingress and HTTPRoute weights (a raise is only planned for capacity already observed available, and a
/// cut comes before the canary shrinks);</item>
/// <item>switch service selectors;</item>
/// <item>delete canary ingresses and give HTTPRoutes back to the stable service (after the stable service points at the new stable);</item>
/// <item>annotate scale-down deadlines and pod-template metadata, then scale down, then delete ReplicaSets and pods;</item>
/// <item>terminate AnalysisRuns no longer needed (after an abort has cut the weight), then create the runs the
/// current step needs (after its capacity and weight are in place), then delete finished runs beyond the history limits;</item>
/// <item>record events.</item>
/// </list>
/// Within a group the planner's order is kept.
/// </summary>
internal static class SafeOrder
{
    public static IReadOnlyList<PlanAction> Sort(IEnumerable<PlanAction> actions, IReadOnlyList<ReplicaSet> observed) =>
        [.. actions.OrderBy(action => Rank(action, observed))];

    private static int Rank(PlanAction action, IReadOnlyList<ReplicaSet> observed) => action switch
    {
        CreateReplicaSet => 0,
        ScaleReplicaSet scale when scale.Replicas > SpecOf(scale.Name, observed) => 0,
        ApplyCanaryIngress or ApplyHttpRoute { Restore: false } => 1,
        PatchServiceSelector => 2,
        DeleteCanaryIngress or ApplyHttpRoute { Restore: true } => 3,
        AnnotateReplicaSet or SyncPodMetadata or PatchPodMetadata => 4,
        ScaleReplicaSet => 5,
        DeleteReplicaSet or DeletePod => 6,
        TerminateAnalysisRun => 7,
        CreateAnalysisRun => 8,
        DeleteAnalysisRun => 9,
        _ => 10,
    };

    private static int SpecOf(string name, IReadOnlyList<ReplicaSet> observed) =>
        observed.FirstOrDefault(rs => rs.Metadata.Name == name)?.Spec?.Replicas ?? 0;
}
