using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Schema;

/// <summary>
/// Schemas for the built-in Kubernetes types and value types our resources embed. They are written out here
/// rather than walked: the server describes metadata itself, and a pod template is kept whole (as Argo Rollouts
/// does) so that every pod field a Deployment accepts passes through.
/// </summary>
internal static class BuiltInSchemas
{
    private static readonly Dictionary<Type, Func<JsonObject>> Schemas = new()
    {
        [typeof(string)] = () => new() { ["type"] = "string" },
        [typeof(bool)] = () => new() { ["type"] = "boolean" },
        [typeof(int)] = () => new() { ["type"] = "integer", ["format"] = "int32" },
        [typeof(long)] = () => new() { ["type"] = "integer", ["format"] = "int64" },
        [typeof(double)] = () => new() { ["type"] = "number", ["format"] = "double" },
        [typeof(DateTimeOffset)] = () => new() { ["type"] = "string", ["format"] = "date-time" },
        [typeof(IntOrString)] = () => new() { ["x-kubernetes-int-or-string"] = true },
        [typeof(JsonElement)] = () => new() { ["x-kubernetes-preserve-unknown-fields"] = true },
        [typeof(ObjectMeta)] = () => new() { ["type"] = "object" },
        [typeof(PodTemplateSpec)] = () => new() { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
        [typeof(LabelSelector)] = LabelSelector,
    };

    /// <summary>A fresh copy of the schema for <paramref name="type"/>, or null when the type is walked instead.</summary>
    public static JsonObject? For(Type type) => Schemas.TryGetValue(type, out var schema) ? schema() : null;

    private static JsonObject LabelSelector() => new()
    {
        ["description"] = "A label query over pods. Every matchLabels pair and every matchExpressions requirement must hold.",
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["matchLabels"] = new JsonObject
            {
                ["description"] = "Labels a pod must have, each with exactly this value.",
                ["type"] = "object",
                ["additionalProperties"] = new JsonObject { ["type"] = "string" },
            },
            ["matchExpressions"] = new JsonObject
            {
                ["description"] = "Requirements on pod labels.",
                ["type"] = "array",
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["key"] = new JsonObject { ["description"] = "The label key the requirement applies to.", ["type"] = "string" },
                        ["operator"] = new JsonObject
                        {
                            ["description"] = "How the label relates to the values.",
                            ["type"] = "string",
                            ["enum"] = new JsonArray("In", "NotIn", "Exists", "DoesNotExist"),
                        },
                        ["values"] = new JsonObject
                        {
                            ["description"] = "Values for In and NotIn; empty for Exists and DoesNotExist.",
                            ["type"] = "array",
                            ["items"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                    ["required"] = new JsonArray("key", "operator"),
                },
            },
        },
        ["x-kubernetes-map-type"] = "atomic",
    };
}
