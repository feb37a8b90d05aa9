using System.Text.Json.Nodes;
using Rollouts.Api.Rollouts;

namespace Rollouts.Operator.Controllers.Rollouts;

/// <summary>
/// The finalizer the operator puts on every valid Rollout, so that a deleted Rollout first gives all traffic back to
/// the stable version (its canary ingresses are removed) and only then goes, with its ReplicaSets.
/// </summary>
internal static class RolloutFinalizer
{
    public const string Name = "rollouts.dev/restore-stable-traffic";

    public static bool IsOn(Rollout rollout) => rollout.Metadata.Finalizers?.Contains(Name) == true;

    /// <summary>A merge patch that adds the finalizer, conditioned on the Rollout not having changed since it was read.</summary>
    public static JsonObject AddPatch(Rollout rollout) =>
        FinalizersPatch(rollout, [.. rollout.Metadata.Finalizers ?? [], Name]);

    /// <summary>A merge patch that removes the finalizer, conditioned on the Rollout not having changed since it was read.</summary>
    public static JsonObject RemovePatch(Rollout rollout) =>
        FinalizersPatch(rollout, [.. (rollout.Metadata.Finalizers ?? []).Where(f => f != Name)]);

    private static JsonObject FinalizersPatch(Rollout rollout, IReadOnlyList<string> finalizers) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["resourceVersion"] = rollout.Metadata.ResourceVersion,
            ["finalizers"] = finalizers.Count == 0 ? null : new JsonArray([.. finalizers.Select(f => (JsonNode)JsonValue.Create(f))]),
        },
    };
}
