using System.Text.Json.Nodes;
using Rollouts.Api;
using Rollouts.Api.Rollouts;

namespace Rollouts.Cli.Steering;

/// <summary>
/// The merge patches that steer a Rollout, as the operator reads them (the same fields Argo Rollouts' plugin
/// sets). Each is sent with the resourceVersion the decision was made on (<c>metadata.resourceVersion</c> in the
/// same patch, which the API server checks) and, for status patches, the history entry of the command.
/// </summary>
internal static class SteeringPatches
{
    /// <summary>promote: the pause conditions go; the operator moves on to the next step. Status subresource.</summary>
    public const string Promote = """{"status":{"pauseConditions":null}}""";

    /// <summary>promote, when spec.paused is set as well; also resume. Main resource.</summary>
    public const string Unpause = """{"spec":{"paused":false}}""";

    /// <summary>promote --full: skip the remaining steps. Status subresource.</summary>
    public const string PromoteFull = """{"status":{"promoteFull":true}}""";

    /// <summary>abort: traffic back to stable at once. Status subresource.</summary>
    public const string Abort = """{"status":{"abort":true}}""";

    /// <summary>retry: lift the abort; the steps start over. Status subresource.</summary>
    public const string Retry = """{"status":{"abort":false}}""";

    /// <summary>pause: hold the Rollout at its step. Main resource.</summary>
    public const string Pause = """{"spec":{"paused":true}}""";

    /// <summary>
    /// <paramref name="patch"/> with the precondition <c>metadata.resourceVersion</c> and, when
    /// <paramref name="history"/> is given, <c>status.history</c> replaced by it (a merge patch replaces lists whole,
    /// which the precondition makes safe).
    /// </summary>
    public static string WithPrecondition(string patch, string? resourceVersion, IReadOnlyList<RolloutDecision>? history = null)
    {
        var body = JsonNode.Parse(patch)!.AsObject();
        if (resourceVersion is not null)
        {
            body["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion };
        }

        if (history is not null)
        {
            var status = body["status"] as JsonObject ?? throw new InvalidOperationException("history goes with a status patch");
            status["history"] = new JsonArray([.. history.Select(d => System.Text.Json.JsonSerializer.SerializeToNode(d, RolloutsJsonContext.Default.RolloutDecision))]);
        }

        return body.ToJsonString();
    }

    /// <summary>A spec patch with any JSON, for restart: <c>{"spec":{"restartAt":"..."}}</c>.</summary>
    public static string Spec(string field, JsonNode? value) => new JsonObject { ["spec"] = new JsonObject { [field] = value } }.ToJsonString();
}
