using System.Globalization;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Simulation;

/// <summary>
/// A small Deployment controller: one ReplicaSet per pod template, named <c>&lt;deployment&gt;-&lt;hash&gt;</c>
/// and labelled with pod-template-hash; the current one scaled to spec.replicas and the others to 0 at once
/// (no surge), with revision annotations, and the Deployment's status counted from its ReplicaSets.
/// </summary>
internal sealed class DeploymentController(ObjectStore store, ResourceOperations operations, OwnerIndex replicaSetsByDeployment, TimeProvider time)
{
    private const int MaxNameCollisions = 5;

    /// <param name="key">The Deployment.</param>
    /// <param name="checkAgainAt">Asks for another look when the progress deadline passes; called before the
    /// status write, so a test that sees the status and moves its clock finds the timer set.</param>
    public void Reconcile(ObjectKey key, Action<DateTimeOffset> checkAgainAt)
    {
        var state = store.State;
        if (state.Get(BuiltInTypes.Deployments.StorageKey, key) is not { } stored || stored.IsDeleting)
        {
            return;
        }

        var deployment = DeploymentFacts.Parse(stored);
        var owned = new List<(ReplicaSetFacts Facts, JsonObject Object)>();
        foreach (var name in replicaSetsByDeployment.Children(key))
        {
            if (state.Get(BuiltInTypes.ReplicaSets.StorageKey, new ObjectKey(key.Namespace, name)) is { } rs
                && ReplicaSetFacts.Of(rs) is { Deleting: false } facts && facts.Controller?.Uid == deployment.Uid)
            {
                owned.Add((facts, rs.ToJsonObject()));
            }
        }

        var revision = owned.Select(rs => Revision(rs.Object)).DefaultIfEmpty(0).Max();
        var currentIndex = owned.FindIndex(rs => TemplateHash.SameTemplate(JsonRead.Object(rs.Object, "spec", "template"), deployment.Template));
        var created = false;
        if (currentIndex < 0 && !deployment.Paused)
        {
            var rs = CreateReplicaSet(deployment, revision + 1);
            owned.Add((ReplicaSetFacts.Of(rs), rs.ToJsonObject()));
            currentIndex = owned.Count - 1;
            created = true;
        }

        if (currentIndex >= 0)
        {
            // The current ReplicaSet holds the highest revision; going back to an older template renumbers it.
            var current = owned[currentIndex];
            var highest = owned.Max(rs => Revision(rs.Object));
            var wantedRevision = Revision(current.Object) == highest && highest > 0 ? highest : highest + 1;
            owned[currentIndex] = (ScaleReplicaSet(current, deployment.Replicas, deployment.MinReadySeconds, wantedRevision), current.Object);
            if (!deployment.Paused)
            {
                for (var i = 0; i < owned.Count; i++)
                {
                    if (i != currentIndex && owned[i].Facts.Replicas != 0)
                    {
                        owned[i] = (ScaleReplicaSet(owned[i], 0, null, null), owned[i].Object);
                    }
                }
            }

            MarkRevision(deployment, wantedRevision);
        }

        var now = time.GetUtcNow();
        var currentFacts = currentIndex >= 0 ? owned[currentIndex].Facts : null;
        var (status, deadline) = DeploymentStatus.Calculate(deployment, [.. owned.Select(rs => rs.Facts)], currentFacts, created, now);
        if (deadline is { } due)
        {
            checkAgainAt(due);
        }

        if (!JsonNode.DeepEquals(status, deployment.Status ?? []))
        {
            operations.Patch(BuiltInTypes.Deployments, key.Namespace, key.Name, live =>
            {
                live!["status"] = status;
                return live;
            }, WriteOptions.Default, statusOnly: true);
        }
    }

    private StoredObject CreateReplicaSet(DeploymentFacts deployment, long revision)
    {
        var template = deployment.Template?.DeepClone().AsObject() ?? [];
        var baseHash = TemplateHash.Of(deployment.Template);
        for (var collisions = 0; ; collisions++)
        {
            var hash = collisions == 0 ? baseHash : TemplateHash.Of(deployment.Template, collisions);
            var name = $"{deployment.Key.Name}-{hash}";
            var podTemplate = template.DeepClone().AsObject();
            var templateMetadata = podTemplate["metadata"] as JsonObject ?? [];
            podTemplate["metadata"] = templateMetadata;
            templateMetadata["labels"] = TemplateHash.WithHash(JsonRead.Object(templateMetadata, "labels"), hash);
            var selector = JsonRead.Object(deployment.Object, "spec", "selector")?.DeepClone().AsObject() ?? [];
            selector["matchLabels"] = TemplateHash.WithHash(JsonRead.Object(selector, "matchLabels"), hash);
            var spec = new JsonObject { ["replicas"] = deployment.Replicas };
            if (deployment.MinReadySeconds > 0)
            {
                spec["minReadySeconds"] = deployment.MinReadySeconds;
            }

            spec["selector"] = selector;
            spec["template"] = podTemplate;
            var body = new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "ReplicaSet",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["namespace"] = deployment.Key.Namespace,
                    ["labels"] = templateMetadata["labels"]!.DeepClone(),
                    ["annotations"] = new JsonObject { [DeploymentFacts.RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture) },
                    ["ownerReferences"] = ControllerRef.For("apps/v1", "Deployment", deployment.Key.Name, deployment.Uid),
                },
                ["spec"] = spec,
            };
            try
            {
                var created = operations.Create(BuiltInTypes.ReplicaSets, deployment.Key.Namespace, body, WriteOptions.Default).Object;
                replicaSetsByDeployment.AddCreated(deployment.Key, name, () => store.Get(BuiltInTypes.ReplicaSets.StorageKey, created.Key) is not null);
                return created;
            }
            catch (ApiError e) when (e.Reason == "AlreadyExists" && collisions < MaxNameCollisions)
            {
                // Another object holds the name: move the hash, as the real controller's collisionCount does.
            }
        }
    }

    /// <summary>Sets replicas (and minReadySeconds and the revision, when given) on a ReplicaSet that differs.</summary>
    private ReplicaSetFacts ScaleReplicaSet((ReplicaSetFacts Facts, JsonObject Object) rs, int replicas, int? minReadySeconds, long? revision)
    {
        var revisionText = revision?.ToString(CultureInfo.InvariantCulture);
        if (rs.Facts.Replicas == replicas
            && (minReadySeconds is null || rs.Facts.MinReadySeconds == minReadySeconds)
            && (revisionText is null || JsonRead.String(rs.Object, "metadata", "annotations", DeploymentFacts.RevisionAnnotation) == revisionText))
        {
            return rs.Facts;
        }

        var result = operations.Patch(BuiltInTypes.ReplicaSets, rs.Facts.Key.Namespace, rs.Facts.Key.Name, live =>
        {
            var spec = live!["spec"] as JsonObject ?? [];
            live["spec"] = spec;
            spec["replicas"] = replicas;
            if (minReadySeconds is { } seconds)
            {
                spec["minReadySeconds"] = seconds;
            }

            if (revisionText is not null)
            {
                SetAnnotation(live, DeploymentFacts.RevisionAnnotation, revisionText);
            }

            return live;
        }, WriteOptions.Default);
        return ReplicaSetFacts.Of(result.Object);
    }

    /// <summary>The Deployment carries the revision of its current ReplicaSet, as kubectl rollout history reads it.</summary>
    private void MarkRevision(DeploymentFacts deployment, long revision)
    {
        var text = revision.ToString(CultureInfo.InvariantCulture);
        if (deployment.Revision == text)
        {
            return;
        }

        operations.Patch(BuiltInTypes.Deployments, deployment.Key.Namespace, deployment.Key.Name, live =>
        {
            SetAnnotation(live!, DeploymentFacts.RevisionAnnotation, text);
            return live!;
        }, WriteOptions.Default);
    }

    private static void SetAnnotation(JsonObject obj, string name, string value)
    {
        var metadata = ObjectMetadata.Of(obj);
        if (metadata["annotations"] is not JsonObject annotations)
        {
            metadata["annotations"] = annotations = [];
        }

        annotations[name] = value;
    }

    private static long Revision(JsonObject rs) =>
        long.TryParse(JsonRead.String(rs, "metadata", "annotations", DeploymentFacts.RevisionAnnotation), NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : 0;
}
