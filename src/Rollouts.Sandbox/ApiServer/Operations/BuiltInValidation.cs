using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.ApiServer.Operations;

/// <summary>The checks of built-in kinds that the operator relies on the server to make.</summary>
internal static class BuiltInValidation
{
    public static IEnumerable<StatusCause> Validate(ResourceType type, JsonObject obj)
    {
        if (type.IsCustom)
        {
            return [];
        }

        return (type.Group, type.Kind) switch
        {
            ("apps", "Deployment") or ("apps", "ReplicaSet") => Workload(obj),
            ("", "Service") => Service(obj),
            _ => [],
        };
    }

    private static IEnumerable<StatusCause> Workload(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        if (spec?["selector"] is not JsonObject selector)
        {
            yield return new("FieldValueRequired", "Required value", "spec.selector");
            yield break;
        }

        var replicas = spec["replicas"];
        if (replicas is JsonValue value && value.TryGetValue<long>(out var count) && count < 0)
        {
            yield return new("FieldValueInvalid", $"Invalid value: {count}: must be greater than or equal to 0", "spec.replicas");
        }

        var templateLabels = spec["template"]?["metadata"]?["labels"] as JsonObject;
        if (selector["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, wanted) in matchLabels)
            {
                if (templateLabels?[key]?.GetValue<string>() != wanted?.GetValue<string>())
                {
                    yield return new("FieldValueInvalid", "Invalid value: `selector` does not match template `labels`", "spec.template.metadata.labels");
                    yield break;
                }
            }
        }
        else if (selector["matchExpressions"] is not JsonArray { Count: > 0 })
        {
            yield return new("FieldValueInvalid", "Invalid value: empty selector is invalid for deployment", "spec.selector");
        }
    }

    private static IEnumerable<StatusCause> Service(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        var type = spec?["type"]?.GetValue<string>() ?? "ClusterIP";
        var headless = spec?["clusterIP"]?.GetValue<string>() == "None";
        if (type != "ExternalName" && !headless && spec?["ports"] is not JsonArray { Count: > 0 })
        {
            yield return new("FieldValueRequired", "Required value", "spec.ports");
        }
    }
}
