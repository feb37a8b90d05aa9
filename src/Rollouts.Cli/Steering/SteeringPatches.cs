using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Api;
using Rollouts.Api.Rollouts;

namespace Rollouts.Cli.Steering;

/// <summary>
/// The merge patches that steer a Rollout, as the operator reads them (the same fields Argo Rollouts' plugin
/// sets). promote, promote --full, abort and retry send theirs exactly as written here, nothing added; the
/// history entry of the command follows in a patch of its own (<see cref="History"/>). pause and resume send
/// theirs with the resourceVersion the decision was made on (<see cref="WithPrecondition"/>).
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

    /// <summary><paramref name="patch"/> with the precondition <c>metadata.resourceVersion</c> (pause, resume, restart).</summary>
    public static string WithPrecondition(string patch, string? resourceVersion)
    {
        var body = JsonNode.Parse(patch)!.AsObject();
        if (resourceVersion is not null)
        {
            body["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion };
        }

        return body.ToJsonString();
    }

    /// <summary>
    /// The status patch that records a steering command: <c>status.history</c> replaced whole by
    /// <paramref name="history"/> (a merge patch replaces lists), under the precondition
    /// <c>metadata.resourceVersion</c> so that no entry written meanwhile is lost.
    /// </summary>
    public static string History(string resourceVersion, IReadOnlyList<RolloutDecision> history) =>
        new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["status"] = new JsonObject
            {
                ["history"] = new JsonArray([.. history.Select(d => JsonSerializer.SerializeToNode(d, RolloutsJsonContext.Default.RolloutDecision))]),
            },
        }.ToJsonString();

    /// <summary>A spec patch with any JSON, for restart: <c>{"spec":{"restartAt":"..."}}</c>.</summary>
    public static string Spec(string field, JsonNode? value) => new JsonObject { ["spec"] = new JsonObject { [field] = value } }.ToJsonString();
}
