using System.Globalization;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Planning;

/// <summary>
/// One change the controller makes to the world, in the Rollout's namespace. A plan lists them in the order
/// they must be applied (<see cref="SafeOrder"/>); the controller applies them one after the other and stops
/// at the first that fails, without writing the status, so the next reconcile plans again from the old one.
/// <see cref="object.ToString"/> gives a short line for logs and tests.
/// </summary>
public abstract record PlanAction;

/// <summary>Create this ReplicaSet (name, labels, selector, template and owner reference are all set).</summary>
public sealed record CreateReplicaSet(ReplicaSet ReplicaSet) : PlanAction
{
    public override string ToString() =>
        $"create {ReplicaSet.Metadata.Name} replicas={ReplicaSet.Spec?.Replicas ?? 0}";
}

/// <summary>Set <c>spec.replicas</c> of the named ReplicaSet.</summary>
public sealed record ScaleReplicaSet(string Name, int Replicas) : PlanAction
{
    public override string ToString() => $"scale {Name} {Replicas}";
}

/// <summary>Set <c>spec.selector[rollouts-pod-template-hash]</c> of the named Service to <paramref name="PodTemplateHash"/>.</summary>
public sealed record PatchServiceSelector(string ServiceName, string PodTemplateHash) : PlanAction
{
    public string SelectorKey => RolloutLabels.PodTemplateHash;

    public override string ToString() => $"select {ServiceName} {PodTemplateHash}";
}

/// <summary>
/// Create or replace the canary Ingress with this object, which is its whole desired state (when its stable
/// ingress is gone, the observed object with only its weight lowered).
/// </summary>
public sealed record ApplyCanaryIngress(Ingress Ingress, int Weight) : PlanAction
{
    public override string ToString() => $"ingress {Ingress.Metadata.Name} weight={Weight.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>Delete the named canary Ingress (all traffic goes through the stable ingress).</summary>
public sealed record DeleteCanaryIngress(string Name) : PlanAction
{
    public override string ToString() => $"delete-ingress {Name}";
}

/// <summary>
/// Replace the HTTPRoute with this object (its rules with the canary weight and header rules; the resourceVersion
/// observed, so that a change the operator has not seen fails with Conflict). <paramref name="Restore"/> marks the
/// write that gives all traffic back to the stable service when the update ends: it comes after the services are
/// switched, as deleting a canary ingress does. The route may live in another namespace (gatewayAPI.namespace).
/// </summary>
public sealed record ApplyHttpRoute(HttpRoute Route, int Weight, bool Restore) : PlanAction
{
    public override string ToString() =>
        $"httproute {Route.Metadata.Name} weight={Weight.ToString(CultureInfo.InvariantCulture)}" +
        (Traffic.GatewayApi.HttpRouteRules.ManagedNames(Route) is { Count: > 0 } headers ? $" headers={string.Join(',', headers)}" : "") +
        (Restore ? " restore" : "");
}

/// <summary>Delete the named ReplicaSet (it has no pods and is beyond the revision history limit).</summary>
public sealed record DeleteReplicaSet(string Name) : PlanAction
{
    public override string ToString() => $"delete {Name}";
}

/// <summary>
/// Set (or, when <paramref name="ScaleDownDeadline"/> is null, remove) the annotation
/// <see cref="Planning.ScaleDownDeadline.AnnotationKey"/> on the named ReplicaSet: the time after which the
/// operator scales it to zero.
/// </summary>
public sealed record AnnotateReplicaSet(string Name, DateTimeOffset? ScaleDownDeadline) : PlanAction
{
    public string AnnotationKey => Planning.ScaleDownDeadline.AnnotationKey;

    public override string ToString() =>
        ScaleDownDeadline is { } deadline
            ? $"annotate {Name} scale-down-at={Planning.ScaleDownDeadline.Format(deadline)}"
            : $"annotate {Name} scale-down-at=none";
}

/// <summary>
/// Set (value) or remove (null) these labels and annotations on the pod template of the named ReplicaSet
/// (<c>spec.template.metadata</c>, never its selector), and record the keys its role owns in the ReplicaSet's
/// annotations <see cref="PodMetadataSync.ManagedLabelsKey"/> and <see cref="PodMetadataSync.ManagedAnnotationsKey"/>
/// (null removes them). Pods created from then on carry them.
/// </summary>
public sealed record SyncPodMetadata(
    string Name,
    IReadOnlyDictionary<string, string?> Labels,
    IReadOnlyDictionary<string, string?> Annotations,
    string? ManagedLabels,
    string? ManagedAnnotations) : PlanAction
{
    public override string ToString() =>
        $"pod-metadata {Name} {string.Join(' ', Labels.Concat(Annotations).Select(p => p.Value is null ? $"-{p.Key}" : $"{p.Key}={p.Value}"))}".TrimEnd();
}

/// <summary>Set (value) or remove (null) these labels and annotations on the named pod of the Rollout (canaryMetadata, stableMetadata).</summary>
public sealed record PatchPodMetadata(
    string Name,
    IReadOnlyDictionary<string, string?> Labels,
    IReadOnlyDictionary<string, string?> Annotations) : PlanAction
{
    public override string ToString() =>
        $"pod-labels {Name} {string.Join(' ', Labels.Concat(Annotations).Select(p => p.Value is null ? $"-{p.Key}" : $"{p.Key}={p.Value}"))}".TrimEnd();
}

/// <summary>Delete the named pod of the Rollout (restartAt): its ReplicaSet creates a new one in its place.</summary>
public sealed record DeletePod(string Name) : PlanAction
{
    public override string ToString() => $"delete-pod {Name}";
}

/// <summary>Create this AnalysisRun (name, labels, owner reference and merged spec are all set).</summary>
public sealed record CreateAnalysisRun(AnalysisRun Run) : PlanAction
{
    public override string ToString() => $"create-analysis {Run.Metadata.Name}";
}

/// <summary>Set <c>spec.terminate: true</c> on the named AnalysisRun: it stops measuring and ends with the results it has.</summary>
public sealed record TerminateAnalysisRun(string Name) : PlanAction
{
    public override string ToString() => $"terminate-analysis {Name}";
}

/// <summary>Delete the named AnalysisRun: it ended and is beyond the Rollout's run history limits (spec.analysis).</summary>
public sealed record DeleteAnalysisRun(string Name) : PlanAction
{
    public override string ToString() => $"delete-analysis {Name}";
}

/// <summary>Record a Kubernetes Event on the Rollout.</summary>
/// <param name="Type"><c>Normal</c> or <c>Warning</c>.</param>
public sealed record RecordEvent(string Type, string Reason, string Message) : PlanAction
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    public override string ToString() => $"event {Type} {Reason}: {Message}";
}
