using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Simulation;

/// <summary>
/// The ReplicaSet controller: keeps exactly spec.replicas active pods made from the template (creating the
/// missing ones, removing the surplus in <see cref="PodDeletionOrder"/>), lets go of pods whose labels no
/// longer match the selector, and keeps the status counts exact, writing them only when they change. Pods of
/// a deleted ReplicaSet go with it through their owner references (the garbage collector).
/// </summary>
internal sealed class ReplicaSetController(
    ObjectStore store, ResourceOperations operations, OwnerIndex podsByReplicaSet, PodTimeline timeline, PodTemplate templates, TimeProvider time)
{
    // At most this many pods are created or deleted by one reconcile; their events bring the ReplicaSet back.
    private const int MaxBurst = 500;

    /// <param name="key">The ReplicaSet.</param>
    /// <param name="checkAgainAt">Asks for another look when a ready pod becomes available; called before the
    /// status write that shows the pod ready, so a test that sees it and moves its clock finds the timer set.</param>
    public void Reconcile(ObjectKey key, Action<DateTimeOffset> checkAgainAt)
    {
        var state = store.State;
        if (state.Get(BuiltInTypes.ReplicaSets.StorageKey, key) is not { } stored)
        {
            return;
        }

        var rs = ReplicaSetFacts.Of(stored);
        var active = OwnedPods(state, rs);
        if (!rs.Deleting)
        {
            Scale(stored, rs, active);
        }

        var now = time.GetUtcNow();
        var (status, nextAvailable) = ReplicaSetStatus.Calculate(
            rs.Generation, rs.TemplateLabels, rs.MinReadySeconds, active, timeline.ReadySince, now);
        if (nextAvailable is { } due)
        {
            checkAgainAt(due);
        }

        if (status != rs.Status)
        {
            WriteStatus(key, status);
        }
    }

    /// <summary>The active pods this ReplicaSet controls, read from the store by the names the index holds.</summary>
    private List<PodFacts> OwnedPods(StoreState state, ReplicaSetFacts rs)
    {
        var owned = new List<PodFacts>();
        foreach (var name in podsByReplicaSet.Children(rs.Key))
        {
            if (state.Get(BuiltInTypes.Pods.StorageKey, new ObjectKey(rs.Key.Namespace, name)) is not { } stored)
            {
                continue;
            }

            var pod = PodFacts.Of(stored);
            if (pod.Controller?.Uid != rs.Uid || !pod.IsActive)
            {
                continue;
            }

            if (!rs.Selector.Matches(pod.Labels))
            {
                if (!rs.Deleting)
                {
                    Release(pod, rs.Uid);
                }

                continue;
            }

            owned.Add(pod);
        }

        return owned;
    }

    private void Scale(StoredObject stored, ReplicaSetFacts rs, List<PodFacts> active)
    {
        var surplus = active.Count - rs.Replicas;
        if (surplus < 0)
        {
            var replicaSet = stored.ToJsonObject();
            for (var i = 0; i < Math.Min(-surplus, MaxBurst); i++)
            {
                active.Add(PodFacts.Of(CreatePod(replicaSet, rs.Key)));
            }
        }
        else if (surplus > 0)
        {
            foreach (var pod in PodDeletionOrder.Order(active, timeline.ReadySince).Take(Math.Min(surplus, MaxBurst)).ToList())
            {
                DeletePod(pod);
                active.Remove(pod);
            }
        }
    }

    private StoredObject CreatePod(JsonObject replicaSet, ObjectKey key)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = operations.Create(BuiltInTypes.Pods, key.Namespace, templates.NewPod(replicaSet), WriteOptions.Default).Object;
                podsByReplicaSet.AddCreated(key, created.Key.Name, () => store.Get(BuiltInTypes.Pods.StorageKey, created.Key) is not null);
                return created;
            }
            catch (ApiError e) when (e.Reason == "AlreadyExists" && attempt < 5)
            {
                // The random name is taken: draw another.
            }
        }
    }

    private void DeletePod(PodFacts pod)
    {
        try
        {
            operations.Delete(BuiltInTypes.Pods, pod.Key.Namespace, pod.Key.Name, new DeleteOptions { PreconditionUid = pod.Uid });
        }
        catch (ApiError e) when (e.Code is 404 or 409)
        {
            // Already gone, or replaced by another pod of the same name.
        }
    }

    /// <summary>Removes this ReplicaSet's owner reference from a pod that no longer matches its selector.</summary>
    private void Release(PodFacts pod, string ownerUid)
    {
        try
        {
            operations.Patch(BuiltInTypes.Pods, pod.Key.Namespace, pod.Key.Name, live =>
            {
                var metadata = ObjectMetadata.Of(live!);
                if (metadata["ownerReferences"] is JsonArray owners)
                {
                    foreach (var owner in owners.Where(o => JsonRead.String(o, "uid") == ownerUid).ToList())
                    {
                        owners.Remove(owner);
                    }

                    if (owners.Count == 0)
                    {
                        metadata.Remove("ownerReferences");
                    }
                }

                return live!;
            }, WriteOptions.Default);
        }
        catch (ApiError e) when (e.Code == 404)
        {
        }
    }

    private void WriteStatus(ObjectKey key, ReplicaSetStatus status) =>
        operations.Patch(BuiltInTypes.ReplicaSets, key.Namespace, key.Name, live =>
        {
            if (live!["status"] is not JsonObject current)
            {
                live["status"] = current = [];
            }

            status.WriteTo(current);
            return live;
        }, WriteOptions.Default, statusOnly: true);
}
