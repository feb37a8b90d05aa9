using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Selectors;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Operations;

public sealed partial class ResourceOperations
{
    /// <summary>The autoscaling/v1 Scale view of an object that has the scale subresource.</summary>
    public JsonObject GetScale(ResourceType type, string? ns, string name) => ToScale(type, Get(type, ns, name));

    /// <summary>
    /// Changes the replica count through the scale subresource. <paramref name="change"/> receives the current
    /// Scale and returns the wanted one; only spec.replicas is taken from it, and its absence means zero.
    /// </summary>
    public JsonObject UpdateScale(ResourceType type, string? ns, string name, Func<JsonObject, JsonObject> change, WriteOptions options)
    {
        var paths = ScalePaths(type);
        var result = Write(type, Key(type, ns, name), options.DryRun, current =>
        {
            if (current is null)
            {
                throw NotFound(type, name);
            }

            var wanted = change(ToScale(type, current));
            var requestedVersion = ObjectMetadata.GetString(wanted, "resourceVersion");
            CheckVersion(type, name, current, requestedVersion);
            // Go clients omit a zero count (spec.replicas is omitempty), so an absent or null count means 0.
            var replicas = wanted["spec"]?["replicas"];
            long count = 0;
            if (replicas is not null && (replicas is not JsonValue value || !value.TryGetValue(out count) || count < 0))
            {
                throw ApiError.Invalid("Scale", name, "autoscaling",
                    [new StatusCause("FieldValueInvalid", $"Invalid value: {replicas?.ToJsonString() ?? "null"}: must be greater than or equal to 0", "spec.replicas")]);
            }

            var obj = current.ToJsonObject();
            JsonPaths.Set(obj, paths.SpecReplicasPath, count);
            var next = PrepareUpdate(type, current, obj, statusOnly: false, options, []);
            return WriteIntent.Put(RecordManager(type, current.ToJsonObject(), next, options, "scale"));
        });
        return ToScale(type, result.Object);
    }

    private static ScaleSubresource ScalePaths(ResourceType type) =>
        type.Scale ?? throw new ApiError(404, "NotFound", $"the server could not find the requested resource (scale of {type.QualifiedName})");

    private static JsonObject ToScale(ResourceType type, StoredObject stored)
    {
        var paths = ScalePaths(type);
        var obj = stored.ToJsonObject();
        var source = ObjectMetadata.Of(obj);
        var metadata = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (source[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        var status = new JsonObject { ["replicas"] = JsonPaths.Get(obj, paths.StatusReplicasPath)?.DeepClone() ?? 0 };
        string? selector = null;
        if (paths.LabelSelectorPath is { } selectorPath)
        {
            var node = JsonPaths.Get(obj, selectorPath);
            selector = node is JsonObject selectorObject
                ? LabelSelector.FromLabelSelectorJson(selectorObject).ToString()
                : node?.GetValue<string>();
        }

        if (!string.IsNullOrEmpty(selector))
        {
            status["selector"] = selector;
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["replicas"] = JsonPaths.Get(obj, paths.SpecReplicasPath)?.DeepClone() ?? 0 },
            ["status"] = status,
        };
    }
}
