using System.Globalization;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.ApiServer.Operations;

public sealed partial class ResourceOperations
{
    public const string ForegroundFinalizer = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";

    /// <summary>
    /// Deletes an object: removed at once when nothing holds it, otherwise marked with deletionTimestamp
    /// until its finalizers are gone. Foreground and Orphan propagation add the finalizer the garbage
    /// collector acts on.
    /// </summary>
    public WriteResult Delete(ResourceType type, string? ns, string name, DeleteOptions options)
    {
        var policy = options.PropagationPolicy ?? "Background";
        if (policy is not ("Background" or "Foreground" or "Orphan"))
        {
            throw ApiError.Invalid("DeleteOptions", "", "meta.k8s.io",
                [new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"", "propagationPolicy")]);
        }

        return Write(type, Key(type, ns, name), options.DryRun, current =>
        {
            if (current is null)
            {
                throw NotFound(type, name);
            }

            if (options.PreconditionUid is { Length: > 0 } uid && uid != current.Uid)
            {
                throw ApiError.Conflict(type.QualifiedName, name, type.Group, type.Plural,
                    $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
            }

            var currentVersion = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != currentVersion)
            {
                throw ApiError.Conflict(type.QualifiedName, name, type.Group, type.Plural,
                    $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {currentVersion}");
            }

            var obj = current.ToJsonObject();
            var metadata = ObjectMetadata.Of(obj);
            var finalizers = current.Finalizers.ToList();
            var extra = policy switch
            {
                "Foreground" => ForegroundFinalizer,
                "Orphan" => OrphanFinalizer,
                _ => null,
            };
            if (extra is not null && !current.IsDeleting && !finalizers.Contains(extra))
            {
                finalizers.Add(extra);
            }

            if (type.Group.Length == 0 && type.Kind == "Namespace")
            {
                // Namespaces terminate: their content goes first (see NamespaceLifecycle).
                obj["status"] = new JsonObject { ["phase"] = "Terminating" };
                finalizers.Add("kubernetes");
            }

            if (finalizers.Count == 0)
            {
                return WriteIntent.Remove(obj);
            }

            if (current.IsDeleting)
            {
                return WriteIntent.Put(obj);
            }

            metadata["deletionTimestamp"] = ObjectMetadata.Timestamp(_time.GetUtcNow());
            metadata["deletionGracePeriodSeconds"] = 0;
            if (type.Kind != "Namespace" || type.Group.Length != 0)
            {
                metadata["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)JsonValue.Create(f))]);
            }

            return WriteIntent.Put(obj);
        });
    }

    /// <summary>Removes one finalizer (no-op when absent); the object goes when it was the last one and it is being deleted.</summary>
    public WriteResult RemoveFinalizer(ResourceType type, string? ns, string name, string finalizer) =>
        Write(type, Key(type, ns, name), dryRun: false, current =>
        {
            if (current is null)
            {
                throw NotFound(type, name);
            }

            var obj = current.ToJsonObject();
            var metadata = ObjectMetadata.Of(obj);
            if (metadata["finalizers"] is JsonArray finalizers)
            {
                var kept = finalizers.Select(f => f?.GetValue<string>() ?? "").Where(f => f != finalizer).ToList();
                if (kept.Count == 0)
                {
                    metadata.Remove("finalizers");
                }
                else
                {
                    metadata["finalizers"] = new JsonArray([.. kept.Select(f => (JsonNode)JsonValue.Create(f))]);
                }
            }

            return WriteIntent.Put(obj);
        });
}
