using System.Text.Json.Nodes;
using Rollouts.Api.Analysis;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime;
using Rollouts.Operator.Controllers.Rollouts;
using Rollouts.Operator.Hosting;

namespace Rollouts.Operator.Execution;

/// <summary>
/// Applies one planned action through the API, with no read first: what the planner saw is in the informer
/// cache, and replaces carry the cached resourceVersion so that a change the cache has not seen fails with
/// Conflict instead of being overwritten. Each write is noted in <see cref="WriteExpectations"/>.
/// </summary>
internal sealed class ActionExecutor
{
    private static readonly WriteOptions Write = new() { FieldManager = OperatorOptions.Component };

    private readonly IResourceClient<ReplicaSet> _replicaSets;
    private readonly IResourceClient<Service> _services;
    private readonly IResourceClient<Ingress> _ingresses;
    private readonly IResourceClient<HttpRoute> _httpRoutes;
    private readonly IResourceClient<AnalysisRun> _analysisRuns;
    private readonly IResourceClient<Pod> _pods;
    private readonly RolloutInformers _caches;
    private readonly WriteExpectations _expectations;

    public ActionExecutor(IKubernetesClient client, RolloutInformers caches, WriteExpectations expectations)
    {
        _replicaSets = client.Resource<ReplicaSet>();
        _services = client.Resource<Service>();
        _ingresses = client.Resource<Ingress>();
        _httpRoutes = client.Resource<HttpRoute>();
        _analysisRuns = client.Resource<AnalysisRun>();
        _pods = client.Resource<Pod>();
        _caches = caches;
        _expectations = expectations;
    }

    /// <summary>Applies <paramref name="action"/> in the namespace of <paramref name="rollout"/>. Events are not actions here: the reconciler records them.</summary>
    public Task ApplyAsync(ObjectKey rollout, PlanAction action, CancellationToken cancellationToken) => action switch
    {
        CreateReplicaSet create => CreateReplicaSetAsync(rollout, create, cancellationToken),
        ScaleReplicaSet scale => PatchReplicaSetAsync(rollout, scale.Name,
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = scale.Replicas } }, cancellationToken),
        AnnotateReplicaSet annotate => PatchReplicaSetAsync(rollout, annotate.Name, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["annotations"] = new JsonObject
                {
                    [annotate.AnnotationKey] = annotate.ScaleDownDeadline is { } deadline ? ScaleDownDeadline.Format(deadline) : null,
                },
            },
        }, cancellationToken),
        SyncPodMetadata sync => PatchReplicaSetAsync(rollout, sync.Name, PodMetadataPatch(sync), cancellationToken),
        PatchServiceSelector select => PatchServiceAsync(rollout, select, cancellationToken),
        ApplyCanaryIngress apply => ApplyIngressAsync(rollout, apply, cancellationToken),
        DeleteCanaryIngress delete => DeleteIngressAsync(rollout, delete.Name, cancellationToken),
        ApplyHttpRoute route => ApplyHttpRouteAsync(rollout, route, cancellationToken),
        DeleteReplicaSet delete => DeleteReplicaSetAsync(rollout, delete.Name, cancellationToken),
        CreateAnalysisRun create => CreateAnalysisRunAsync(rollout, create.Run, cancellationToken),
        TerminateAnalysisRun terminate => TerminateAnalysisRunAsync(rollout, terminate.Name, cancellationToken),
        DeleteAnalysisRun delete => DeleteAnalysisRunAsync(rollout, delete.Name, cancellationToken),
        DeletePod delete => DeletePodAsync(rollout, delete.Name, cancellationToken),
        PatchPodMetadata patch => PatchPodAsync(rollout, patch, cancellationToken),
        _ => throw new InvalidOperationException($"The operator cannot apply a {action.GetType().Name} ({action})."),
    };

    /// <summary>A merge patch of the ReplicaSet's pod-template labels and annotations (null removes a key) and the keys its role owns.</summary>
    private static JsonObject PodMetadataPatch(SyncPodMetadata sync)
    {
        static JsonObject Values(IReadOnlyDictionary<string, string?> values) =>
            new(values.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : (JsonNode)JsonValue.Create(p.Value))));

        var template = new JsonObject();
        if (sync.Labels.Count > 0)
        {
            template["labels"] = Values(sync.Labels);
        }

        if (sync.Annotations.Count > 0)
        {
            template["annotations"] = Values(sync.Annotations);
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["annotations"] = new JsonObject
                {
                    [PodMetadataSync.ManagedLabelsKey] = sync.ManagedLabels,
                    [PodMetadataSync.ManagedAnnotationsKey] = sync.ManagedAnnotations,
                },
            },
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = template } },
        };
    }

    /// <summary>Deletes a canary ingress the Rollout controls; one already gone is fine.</summary>
    public async Task DeleteIngressAsync(ObjectKey rollout, string name, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(rollout.Namespace, name);
        var cached = _caches.Ingresses.Cache.Get(key);
        try
        {
            await _ingresses.DeleteAsync(rollout.Namespace, name, Precondition(cached), cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
        }
        catch (ConflictException)
        {
            // Another object took the name since the cache saw the old one.
            _expectations.ExpectChanged(rollout, _caches.Ingresses.Cache, key, cached?.Metadata.ResourceVersion);
            throw;
        }

        _expectations.ExpectChanged(rollout, _caches.Ingresses.Cache, key, cached?.Metadata.ResourceVersion);
    }

    private async Task CreateReplicaSetAsync(ObjectKey rollout, CreateReplicaSet create, CancellationToken cancellationToken)
    {
        var replicaSet = create.ReplicaSet;
        var key = new ObjectKey(rollout.Namespace, replicaSet.Metadata.Name!);
        try
        {
            await _replicaSets.CreateAsync(replicaSet, Write, cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            // Made by an earlier reconcile the cache does not show yet (or by someone else: then the wait times out).
            _expectations.ExpectPresent(rollout, _caches.ReplicaSets.Cache, key);
            throw;
        }

        _expectations.ExpectPresent(rollout, _caches.ReplicaSets.Cache, key);
    }

    private async Task PatchReplicaSetAsync(ObjectKey rollout, string name, JsonObject patch, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(rollout.Namespace, name);
        var cached = _caches.ReplicaSets.Cache.Get(key);
        var patched = await _replicaSets.PatchAsync(rollout.Namespace, name, Patch.Merge(patch), Write, cancellationToken).ConfigureAwait(false);
        _expectations.ExpectChanged(rollout, _caches.ReplicaSets.Cache, key, cached?.Metadata.ResourceVersion, patched.Metadata.ResourceVersion);
    }

    private async Task PatchServiceAsync(ObjectKey rollout, PatchServiceSelector select, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(rollout.Namespace, select.ServiceName);
        var cached = _caches.Services.Cache.Get(key);
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject { ["selector"] = new JsonObject { [select.SelectorKey] = select.PodTemplateHash } },
        };
        var patched = await _services.PatchAsync(rollout.Namespace, select.ServiceName, Patch.Merge(patch), Write, cancellationToken).ConfigureAwait(false);
        _expectations.ExpectChanged(rollout, _caches.Services.Cache, key, cached?.Metadata.ResourceVersion, patched.Metadata.ResourceVersion);
    }

    private async Task ApplyIngressAsync(ObjectKey rollout, ApplyCanaryIngress apply, CancellationToken cancellationToken)
    {
        var name = apply.Ingress.Metadata.Name!;
        var key = new ObjectKey(rollout.Namespace, name);
        var cached = _caches.Ingresses.Cache.Get(key);
        if (cached is null)
        {
            var created = apply.Ingress with { Metadata = apply.Ingress.Metadata with { ResourceVersion = null, Uid = null } };
            await _ingresses.CreateAsync(created, Write, cancellationToken).ConfigureAwait(false);
            _expectations.ExpectPresent(rollout, _caches.Ingresses.Cache, key);
            return;
        }

        var replaced = apply.Ingress with { Metadata = apply.Ingress.Metadata with { ResourceVersion = cached.Metadata.ResourceVersion } };
        Ingress written;
        try
        {
            written = await _ingresses.ReplaceAsync(replaced, Write, cancellationToken).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            _expectations.ExpectChanged(rollout, _caches.Ingresses.Cache, key, cached.Metadata.ResourceVersion);
            throw;
        }

        _expectations.ExpectChanged(rollout, _caches.Ingresses.Cache, key, cached.Metadata.ResourceVersion, written.Metadata.ResourceVersion);
    }

    /// <summary>Replaces the HTTPRoute with the planned one, carrying the resourceVersion the planner saw (status is not written).</summary>
    public async Task ApplyHttpRouteAsync(ObjectKey rollout, ApplyHttpRoute apply, CancellationToken cancellationToken)
    {
        var cache = _caches.HttpRoutes?.Cache
            ?? throw new InvalidOperationException($"HTTPRoute {apply.Route.Metadata.Name} is planned, but the cluster does not serve HTTPRoutes.");
        var key = new ObjectKey(apply.Route.Metadata.Namespace ?? rollout.Namespace, apply.Route.Metadata.Name!);
        var cached = cache.Get(key);
        HttpRoute written;
        try
        {
            written = await _httpRoutes.ReplaceAsync(apply.Route with { Status = null }, Write, cancellationToken).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            _expectations.ExpectChanged(rollout, cache, key, cached?.Metadata.ResourceVersion);
            throw;
        }

        _expectations.ExpectChanged(rollout, cache, key, cached?.Metadata.ResourceVersion, written.Metadata.ResourceVersion);
    }

    private async Task DeleteReplicaSetAsync(ObjectKey rollout, string name, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(rollout.Namespace, name);
        var cached = _caches.ReplicaSets.Cache.Get(key);
        try
        {
            await _replicaSets.DeleteAsync(rollout.Namespace, name, Precondition(cached), cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
        }
        catch (ConflictException)
        {
            _expectations.ExpectChanged(rollout, _caches.ReplicaSets.Cache, key, cached?.Metadata.ResourceVersion);
            throw;
        }

        _expectations.ExpectChanged(rollout, _caches.ReplicaSets.Cache, key, cached?.Metadata.ResourceVersion);
    }

    /// <summary>
    /// Creates the run. One that already exists under its name was made by an earlier reconcile whose write the
    /// cache does not show yet (run names are made from what they measure): that is the write done.
    /// </summary>
    private async Task CreateAnalysisRunAsync(ObjectKey rollout, AnalysisRun run, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(rollout.Namespace, run.Metadata.Name!);
        var created = run with { Metadata = run.Metadata with { Namespace = rollout.Namespace, ResourceVersion = null, Uid = null } };
        try
        {
            await _analysisRuns.CreateAsync(created, Write, cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
        }

        _expectations.ExpectPresent(rollout, _caches.AnalysisRuns.Cache, key);
    }

    /// <summary>Sets spec.terminate on the run; a run already gone needs no terminating.</summary>
    private async Task TerminateAnalysisRunAsync(ObjectKey rollout, string name, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(rollout.Namespace, name);
        var cached = _caches.AnalysisRuns.Cache.Get(key);
        var patch = new JsonObject { ["spec"] = new JsonObject { ["terminate"] = true } };
        try
        {
            var patched = await _analysisRuns.PatchAsync(rollout.Namespace, name, Patch.Merge(patch), Write, cancellationToken).ConfigureAwait(false);
            _expectations.ExpectChanged(rollout, _caches.AnalysisRuns.Cache, key, cached?.Metadata.ResourceVersion, patched.Metadata.ResourceVersion);
        }
        catch (NotFoundException)
        {
            _expectations.ExpectChanged(rollout, _caches.AnalysisRuns.Cache, key, cached?.Metadata.ResourceVersion);
        }
    }

    /// <summary>Deletes a finished run beyond the history limits: only the one the cache showed (by uid); one already gone is fine.</summary>
    private async Task DeleteAnalysisRunAsync(ObjectKey rollout, string name, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(rollout.Namespace, name);
        var cached = _caches.AnalysisRuns.Cache.Get(key);
        try
        {
            await _analysisRuns.DeleteAsync(rollout.Namespace, name, Precondition(cached), cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
        }
        catch (ConflictException)
        {
            _expectations.ExpectChanged(rollout, _caches.AnalysisRuns.Cache, key, cached?.Metadata.ResourceVersion);
            throw;
        }

        _expectations.ExpectChanged(rollout, _caches.AnalysisRuns.Cache, key, cached?.Metadata.ResourceVersion);
    }

    /// <summary>A merge patch of the pod's labels and annotations (null removes a key).</summary>
    private async Task PatchPodAsync(ObjectKey rollout, PatchPodMetadata patch, CancellationToken cancellationToken)
    {
        static JsonObject Values(IReadOnlyDictionary<string, string?> values) =>
            new(values.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : (JsonNode)JsonValue.Create(p.Value))));

        var metadata = new JsonObject();
        if (patch.Labels.Count > 0)
        {
            metadata["labels"] = Values(patch.Labels);
        }

        if (patch.Annotations.Count > 0)
        {
            metadata["annotations"] = Values(patch.Annotations);
        }

        var key = new ObjectKey(rollout.Namespace, patch.Name);
        var cached = _caches.Pods.Cache.Get(key);
        try
        {
            var patched = await _pods.PatchAsync(rollout.Namespace, patch.Name, Patch.Merge(new JsonObject { ["metadata"] = metadata }), Write, cancellationToken).ConfigureAwait(false);
            _expectations.ExpectChanged(rollout, _caches.Pods.Cache, key, cached?.Metadata.ResourceVersion, patched.Metadata.ResourceVersion);
        }
        catch (NotFoundException)
        {
            // Gone since the cache showed it: its replacement comes from the ReplicaSet's template.
        }
    }

    /// <summary>Deletes a pod of the Rollout (restartAt); one already gone is fine. Its ReplicaSet makes a new one.</summary>
    private async Task DeletePodAsync(ObjectKey rollout, string name, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(rollout.Namespace, name);
        var cached = _caches.Pods.Cache.Get(key);
        try
        {
            await _pods.DeleteAsync(rollout.Namespace, name, Precondition(cached), cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
        }
        catch (ConflictException)
        {
            _expectations.ExpectChanged(rollout, _caches.Pods.Cache, key, cached?.Metadata.ResourceVersion);
            throw;
        }

        _expectations.ExpectChanged(rollout, _caches.Pods.Cache, key, cached?.Metadata.ResourceVersion);
    }

    /// <summary>Deletes only the object the cache showed (by uid), never one made again under the same name since.</summary>
    private static DeleteOptions? Precondition(IKubernetesObject? cached) =>
        cached?.Metadata.Uid is { } uid ? new DeleteOptions { Preconditions = new Preconditions { Uid = uid } } : null;
}
