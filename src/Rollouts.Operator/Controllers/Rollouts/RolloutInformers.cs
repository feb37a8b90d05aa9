using Microsoft.Extensions.Logging;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.Informers;

namespace Rollouts.Operator.Controllers.Rollouts;

/// <summary>
/// The informers the controllers read from: Rollouts, the ReplicaSets Rollouts made (those carrying the
/// pod-template-hash label of Rollouts, not every ReplicaSet of the cluster), their pods (by the same label, for restartAt and
/// role metadata), Services, Ingresses, HTTPRoutes (when the cluster serves them), AnalysisRuns,
/// AnalysisTemplates and ClusterAnalysisTemplates. All but the cluster-scoped templates are limited to the watched
/// namespace. They run for the life of the process, also while another replica leads, so that a new leader starts
/// with warm caches. They cache trimmed copies (<see cref="CachedObjects"/>): never replace an object with its cached
/// copy, patch it.
/// </summary>
internal sealed class RolloutInformers
{
    /// <param name="instanceSelector">The label selector of the Rollouts and AnalysisRuns this operator instance reconciles.</param>
    /// <param name="httpRoutes">Watch HTTPRoutes (gateway.networking.k8s.io/v1): only when the cluster serves them.</param>
    public RolloutInformers(IKubernetesClient client, string? @namespace, TimeProvider time, ILoggerFactory loggers, string? instanceSelector = null, bool httpRoutes = false)
    {
        var logger = loggers.CreateLogger<RolloutInformers>();
        var scoped = new InformerOptions { Namespace = @namespace };
        Rollouts = new SharedInformer<Rollout>(client.Resource<Rollout>(), scoped with { LabelSelector = instanceSelector }, time, logger, CachedObjects.Rollout);
        ReplicaSets = new SharedInformer<ReplicaSet>(
            client.Resource<ReplicaSet>(), scoped with { LabelSelector = RolloutLabels.PodTemplateHash }, time, logger, CachedObjects.ReplicaSet);
        Pods = new SharedInformer<Pod>(client.Resource<Pod>(), scoped with { LabelSelector = RolloutLabels.PodTemplateHash }, time, logger, CachedObjects.Pod);
        Services = new SharedInformer<Service>(client.Resource<Service>(), scoped, time, logger, CachedObjects.Service);
        Ingresses = new SharedInformer<Ingress>(client.Resource<Ingress>(), scoped, time, logger, CachedObjects.Ingress);
        HttpRoutes = httpRoutes ? new SharedInformer<HttpRoute>(client.Resource<HttpRoute>(), scoped, time, logger, CachedObjects.HttpRoute) : null;
        AnalysisRuns = new SharedInformer<AnalysisRun>(
            client.Resource<AnalysisRun>(), scoped with { LabelSelector = instanceSelector }, time, logger, CachedObjects.AnalysisRun);
        AnalysisTemplates = new SharedInformer<AnalysisTemplate>(client.Resource<AnalysisTemplate>(), scoped, time, logger, CachedObjects.AnalysisTemplate);
        ClusterAnalysisTemplates = new SharedInformer<ClusterAnalysisTemplate>(
            client.Resource<ClusterAnalysisTemplate>(), new InformerOptions(), time, logger, CachedObjects.ClusterAnalysisTemplate);
    }

    public SharedInformer<Rollout> Rollouts { get; }

    public SharedInformer<ReplicaSet> ReplicaSets { get; }

    public SharedInformer<Pod> Pods { get; }

    public SharedInformer<Service> Services { get; }

    public SharedInformer<Ingress> Ingresses { get; }

    /// <summary>HTTPRoutes, or null when the cluster does not serve the Gateway API.</summary>
    public SharedInformer<HttpRoute>? HttpRoutes { get; }

    public SharedInformer<AnalysisRun> AnalysisRuns { get; }

    public SharedInformer<AnalysisTemplate> AnalysisTemplates { get; }

    /// <summary>Cluster-scoped: watched whatever namespace the operator is limited to.</summary>
    public SharedInformer<ClusterAnalysisTemplate> ClusterAnalysisTemplates { get; }

    /// <summary>Lists and watches all of them until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Rollouts.RunAsync(cancellationToken),
        ReplicaSets.RunAsync(cancellationToken),
        Pods.RunAsync(cancellationToken),
        Services.RunAsync(cancellationToken),
        Ingresses.RunAsync(cancellationToken),
        HttpRoutes?.RunAsync(cancellationToken) ?? Task.CompletedTask,
        AnalysisRuns.RunAsync(cancellationToken),
        AnalysisTemplates.RunAsync(cancellationToken),
        ClusterAnalysisTemplates.RunAsync(cancellationToken));

    /// <summary>Completes once every cache holds its first full list.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Rollouts.WaitForSyncAsync(cancellationToken),
        ReplicaSets.WaitForSyncAsync(cancellationToken),
        Pods.WaitForSyncAsync(cancellationToken),
        Services.WaitForSyncAsync(cancellationToken),
        Ingresses.WaitForSyncAsync(cancellationToken),
        HttpRoutes?.WaitForSyncAsync(cancellationToken) ?? Task.CompletedTask,
        AnalysisRuns.WaitForSyncAsync(cancellationToken),
        AnalysisTemplates.WaitForSyncAsync(cancellationToken),
        ClusterAnalysisTemplates.WaitForSyncAsync(cancellationToken));
}
