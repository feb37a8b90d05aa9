using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Schema;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Operations;

public sealed partial class ResourceOperations
{
    private static readonly string[] ServerOwnedMetadata =
        ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "name", "namespace"];

    /// <summary>Fills in what the server owns on a new object, applies defaults and checks it.</summary>
    private void PrepareNew(ResourceType type, JsonObject obj, WriteOptions options, List<string> warnings)
    {
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        var metadata = ObjectMetadata.Of(obj);
        if (metadata["resourceVersion"] is not null)
        {
            throw ApiError.BadRequest("resourceVersion should not be set on objects to be created");
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = ObjectMetadata.Timestamp(_time.GetUtcNow());
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("selfLink");
        if (type.HasGeneration)
        {
            metadata["generation"] = 1;
        }
        else
        {
            metadata.Remove("generation");
        }

        if (type.HasStatus)
        {
            obj.Remove("status");
        }

        BuiltInDefaults.Apply(type, obj, _random, creating: true);
        ApplySchema(type, obj, options, warnings, statusOnly: false);
        Check(type, obj);
    }

    /// <summary>
    /// Builds the object an update stores: the request's content, with what the server owns kept from
    /// the current object, .status taken only through the status subresource, and generation moved when
    /// anything outside metadata and status changed.
    /// </summary>
    private JsonObject PrepareUpdate(ResourceType type, StoredObject current, JsonObject requested, bool statusOnly,
        WriteOptions options, List<string> warnings)
    {
        var old = current.ToJsonObject();
        JsonObject next;
        if (statusOnly)
        {
            next = current.ToJsonObject();
            if (requested["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
            else
            {
                next.Remove("status");
            }
        }
        else
        {
            next = requested;
            next["apiVersion"] = type.ApiVersion;
            next["kind"] = type.Kind;
            var metadata = ObjectMetadata.Of(next);
            var oldMetadata = ObjectMetadata.Of(old);
            foreach (var field in ServerOwnedMetadata)
            {
                if (oldMetadata[field] is { } value)
                {
                    metadata[field] = value.DeepClone();
                }
                else
                {
                    metadata.Remove(field);
                }
            }

            if (metadata["managedFields"] is null && oldMetadata["managedFields"] is { } managed)
            {
                metadata["managedFields"] = managed.DeepClone();
            }

            if (type.HasStatus)
            {
                if (old["status"] is { } status)
                {
                    next["status"] = status.DeepClone();
                }
                else
                {
                    next.Remove("status");
                }
            }

            BuiltInDefaults.Apply(type, next, _random, creating: false);
        }

        ApplySchema(type, next, options, warnings, statusOnly);
        Check(type, next);
        CheckFinalizers(type, current, next);
        if (type.HasGeneration && !statusOnly && SpecChanged(type, old, next))
        {
            var generation = ObjectMetadata.Of(old)["generation"]?.GetValue<long>() ?? 0;
            ObjectMetadata.Of(next)["generation"] = generation + 1;
        }

        return next;
    }

    private static void CheckFinalizers(ResourceType type, StoredObject current, JsonObject next)
    {
        if (!current.IsDeleting || ObjectMetadata.Of(next)["finalizers"] is not JsonArray finalizers)
        {
            return;
        }

        var before = current.Finalizers.ToHashSet(StringComparer.Ordinal);
        var added = finalizers.Select(f => f?.GetValue<string>() ?? "").Where(f => !before.Contains(f)).ToList();
        if (added.Count > 0)
        {
            throw ApiError.Invalid(type.Kind, current.Key.Name, type.Group,
                [new StatusCause("FieldValueForbidden", $"Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{{\"{string.Join("\", \"", added)}\"}}", "metadata.finalizers")]);
        }
    }

    /// <summary>True when anything outside metadata (and outside status, when status is a subresource) differs.</summary>
    private static bool SpecChanged(ResourceType type, JsonObject old, JsonObject next)
    {
        var keys = old.Select(kv => kv.Key).Concat(next.Select(kv => kv.Key)).Distinct(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (key is "metadata" or "apiVersion" or "kind" || (key == "status" && type.HasStatus))
            {
                continue;
            }

            if (!JsonNode.DeepEquals(old[key], next[key]))
            {
                return true;
            }
        }

        return false;
    }

    private static void ApplySchema(ResourceType type, JsonObject obj, WriteOptions options, List<string> warnings, bool statusOnly)
    {
        if (type.Schema is not { } schema)
        {
            return;
        }

        var pruned = schema.Prune(obj);
        if (pruned.Count > 0 && !statusOnly)
        {
            switch (options.FieldValidation)
            {
                case FieldValidation.Strict:
                    throw UnknownFields.StrictError(type.Kind, type.Version, pruned);
                case FieldValidation.Warn:
                    warnings.AddRange(UnknownFields.Warnings(pruned));
                    break;
                case FieldValidation.Ignore:
                    break;
            }
        }

        schema.ApplyDefaults(obj);
        var causes = schema.Validate(obj);
        if (causes.Count > 0)
        {
            throw ApiError.Invalid(type.Kind, ObjectMetadata.GetString(obj, "name") ?? "", type.Group, causes);
        }
    }

    private static void Check(ResourceType type, JsonObject obj)
    {
        var causes = ObjectMetadata.Validate(obj, nameIsLabel: type.Plural is "namespaces" or "services");
        causes.AddRange(BuiltInValidation.Validate(type, obj));
        if (causes.Count > 0)
        {
            throw ApiError.Invalid(type.Kind, ObjectMetadata.GetString(obj, "name") ?? "", type.Group, causes);
        }
    }
}
