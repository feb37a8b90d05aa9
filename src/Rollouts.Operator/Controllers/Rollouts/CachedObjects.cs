using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.Informers;

namespace Rollouts.Operator.Controllers.Rollouts;

/// <summary>
/// What <see cref="RolloutInformers"/> cache of each object: the informers' transforms. Every object loses
/// <c>metadata.managedFields</c>; the last-applied annotation of <c>kubectl apply</c> (a copy of the whole object) is
/// dropped except from the objects the operator replaces whole (Ingresses and HTTPRoutes, built from the cached ones).
/// Pods and ReplicaSets keep only what the planner reads of them.
/// </summary>
/// <remarks>
/// A cached object is therefore not the server's object: the operator never sends one back with a replace except
/// Ingresses and HTTPRoutes, whose fields are all kept (Rollouts and AnalysisRuns are written through the status
/// subresource, which takes only the status). Everything else is written with patches.
/// </remarks>
internal static class CachedObjects
{
    public static Rollout Rollout(Rollout rollout) => Same(rollout, rollout.Metadata, CachedMetadata.Trim(rollout.Metadata), m => rollout with { Metadata = m });

    /// <summary>
    /// A ReplicaSet without the spec of its pod template (containers, volumes, ...): the planner reads its replicas,
    /// selector, status, metadata and the labels and annotations of its pod template (role metadata), and new
    /// ReplicaSets are made from the Rollout's template, never from a cached one.
    /// </summary>
    public static ReplicaSet ReplicaSet(ReplicaSet replicaSet)
    {
        var template = replicaSet.Spec?.Template;
        return replicaSet with
        {
            Metadata = CachedMetadata.Trim(replicaSet.Metadata),
            Spec = replicaSet.Spec is { } spec
                ? spec with { Template = template is null ? null : new PodTemplateSpec { Metadata = Trimmed(template.Metadata) } }
                : null,
        };
    }

    /// <summary>
    /// A pod as the planner reads it: its metadata (name, uid, owners, labels, annotations, creation and deletion
    /// times) and its Ready condition. Its spec and the rest of its status are not kept.
    /// </summary>
    public static Pod Pod(Pod pod) => new()
    {
        Metadata = CachedMetadata.Trim(pod.Metadata) with { UnknownFields = null },
        Status = pod.Status is { } status
            ? new PodStatus
            {
                Conditions = status.Conditions?.Where(c => c.Type == "Ready").Select(c => c with { UnknownFields = null }).ToList() is { Count: > 0 } ready
                    ? ready
                    : null,
            }
            : null,
    };

    public static Service Service(Service service) => Same(service, service.Metadata, CachedMetadata.Trim(service.Metadata), m => service with { Metadata = m });

    /// <summary>Ingresses keep the last-applied annotation: a canary ingress may be replaced from its cached copy.</summary>
    public static Ingress Ingress(Ingress ingress) =>
        Same(ingress, ingress.Metadata, CachedMetadata.Trim(ingress.Metadata, lastApplied: true), m => ingress with { Metadata = m });

    /// <summary>HTTPRoutes keep the last-applied annotation: they are replaced from their cached copy.</summary>
    public static HttpRoute HttpRoute(HttpRoute route) =>
        Same(route, route.Metadata, CachedMetadata.Trim(route.Metadata, lastApplied: true), m => route with { Metadata = m });

    public static AnalysisRun AnalysisRun(AnalysisRun run) => Same(run, run.Metadata, CachedMetadata.Trim(run.Metadata), m => run with { Metadata = m });

    public static AnalysisTemplate AnalysisTemplate(AnalysisTemplate template) =>
        Same(template, template.Metadata, CachedMetadata.Trim(template.Metadata), m => template with { Metadata = m });

    public static ClusterAnalysisTemplate ClusterAnalysisTemplate(ClusterAnalysisTemplate template) =>
        Same(template, template.Metadata, CachedMetadata.Trim(template.Metadata), m => template with { Metadata = m });

    private static ObjectMeta? Trimmed(ObjectMeta? metadata) => metadata is null ? null : CachedMetadata.Trim(metadata);

    /// <summary>The object itself when its metadata needed no trimming, else a copy with the trimmed metadata.</summary>
    private static T Same<T>(T item, ObjectMeta before, ObjectMeta after, Func<ObjectMeta, T> with) =>
        ReferenceEquals(before, after) ? item : with(after);
}
