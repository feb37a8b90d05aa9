using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Traffic.Nginx;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.Informers;

namespace Rollouts.Operator.Controllers.Rollouts;

/// <summary>Gathers what the planner decides from, for one Rollout, from the informer caches only (no request).</summary>
internal static class ObservationReader
{
    /// <param name="rollout">The Rollout with defaults applied.</param>
    public static Observation Read(Rollout rollout, RolloutInformers caches, DateTimeOffset now)
    {
        var ns = rollout.Metadata.Namespace;
        var canary = rollout.Spec?.Strategy?.Canary;
        var blueGreen = rollout.Spec?.Strategy?.BlueGreen;
        var stableIngresses = canary?.TrafficRouting?.Nginx is { } nginx ? NginxCanaryIngress.StableIngressNames(nginx) : [];
        var rolloutName = rollout.Metadata.Name ?? "";
        var services = caches.Services.Cache.Snapshot;
        var ingresses = caches.Ingresses.Cache.Snapshot;

        IReadOnlyList<ReplicaSet> replicaSets = rollout.Metadata.Uid is { } uid
            ? [.. caches.ReplicaSets.Cache.ByOwner(uid).Where(rs => RolloutOwnership.IsControlledBy(rs.Metadata, rollout))]
            : [];

        return new Observation
        {
            Rollout = rollout,
            ReplicaSets = replicaSets,
            Pods = PodsOf(replicaSets, caches),
            ActiveService = Get(services, ns, blueGreen?.ActiveService),
            PreviewService = Get(services, ns, blueGreen?.PreviewService),
            StableService = Get(services, ns, canary?.StableService),
            CanaryService = Get(services, ns, canary?.CanaryService),
            StableIngresses = [.. stableIngresses.Select(name => Get(ingresses, ns, name)).OfType<Ingress>()],
            CanaryIngresses = [.. stableIngresses
                .Select(name => Get(ingresses, ns, NginxCanaryIngress.NameFor(rolloutName, name)))
                .OfType<Ingress>()],
            HttpRoutes = HttpRoutes(rollout, caches),
            HttpRoutesServed = caches.HttpRoutes is not null,
            AnalysisRuns = rollout.Metadata.Uid is { } runOwner
                ? [.. caches.AnalysisRuns.Cache.ByOwner(runOwner).Where(run => RolloutOwnership.IsControlledBy(run.Metadata, rollout))]
                : [],
            AnalysisTemplates = Templates(rollout, caches),
            Now = now,
        };
    }

    /// <summary>
    /// Each template the Rollout's analyses name, once: an AnalysisTemplate of its namespace, or a
    /// ClusterAnalysisTemplate for a reference with clusterScope. A missing one is left out.
    /// </summary>
    private static IReadOnlyList<NamedAnalysisTemplate> Templates(Rollout rollout, RolloutInformers caches)
    {
        var templates = new List<NamedAnalysisTemplate>();
        var references = RolloutKeys.TemplateReferences(rollout)
            .Where(t => !string.IsNullOrEmpty(t.TemplateName))
            .Select(t => (Name: t.TemplateName!, Cluster: t.ClusterScope == true))
            .Distinct();
        foreach (var (name, cluster) in references)
        {
            if (cluster)
            {
                if (caches.ClusterAnalysisTemplates.Cache.Get(null, name) is { } clusterTemplate)
                {
                    templates.Add(NamedAnalysisTemplate.From(clusterTemplate));
                }
            }
            else if (caches.AnalysisTemplates.Cache.Get(rollout.Metadata.Namespace, name) is { } template)
            {
                templates.Add(NamedAnalysisTemplate.From(template));
            }
        }

        return templates;
    }
    /// <summary>The HTTPRoutes the Rollout's Gateway API routing names that the cache holds.</summary>
    private static IReadOnlyList<HttpRoute> HttpRoutes(Rollout rollout, RolloutInformers caches)
    {
        if (caches.HttpRoutes is not { } routes || GatewayApiTrafficRouting.Of(rollout.Spec?.Strategy?.Canary?.TrafficRouting) is not { } gateway)
        {
            return [];
        }

        var ns = gateway.RouteNamespace(rollout.Metadata.Namespace);
        return [.. gateway.RouteNames().Select(name => Get(routes.Cache.Snapshot, ns, name)).OfType<HttpRoute>()];
    }

    /// <summary>The pods controlled by <paramref name="replicaSets"/>.</summary>
    private static IReadOnlyList<Pod> PodsOf(IReadOnlyList<ReplicaSet> replicaSets, RolloutInformers caches) =>
        [.. replicaSets
            .Where(rs => rs.Metadata.Uid is not null)
            .SelectMany(rs => caches.Pods.Cache.ByOwner(rs.Metadata.Uid!)
                .Where(pod => pod.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == rs.Metadata.Uid) == true))];

    private static T? Get<T>(CacheSnapshot<T> snapshot, string? @namespace, string? name)
        where T : class, IKubernetesObject =>
        string.IsNullOrEmpty(name) ? null : snapshot.Get(@namespace, name);
}
