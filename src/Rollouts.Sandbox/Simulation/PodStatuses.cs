using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.Simulation;

/// <summary>
/// The status a kubelet reports for a pod at each stage: scheduled with containers being created (Pending),
/// containers running but not ready (Running), and ready. Init containers have completed by the time the
/// pod runs; sidecars (init containers that restart Always) run beside the main containers.
/// </summary>
internal static class PodStatuses
{
    public static JsonObject Pending(JsonObject pod, DateTimeOffset now)
    {
        var spec = JsonRead.Object(pod, "spec");
        var at = ObjectMetadata.Timestamp(now);
        return new JsonObject
        {
            ["phase"] = "Pending",
            ["conditions"] = new JsonArray(Condition("PodScheduled", true, at)),
            ["containerStatuses"] = new JsonArray([.. Containers(spec, "containers").Select(c => (JsonNode)Waiting(c))]),
            ["qosClass"] = QosClass(spec),
        };
    }

    /// <param name="pod">The pod as stored.</param>
    /// <param name="ip">The pod's IP address.</param>
    /// <param name="startedAt">When its containers started.</param>
    /// <param name="readySince">When it became ready; null while it is not.</param>
    public static JsonObject Running(JsonObject pod, string ip, DateTimeOffset startedAt, DateTimeOffset? readySince)
    {
        var spec = JsonRead.Object(pod, "spec");
        var started = ObjectMetadata.Timestamp(startedAt);
        var ready = readySince is not null;
        var readyAt = readySince is { } since ? ObjectMetadata.Timestamp(since) : started;
        var main = Containers(spec, "containers").ToList();
        var init = Containers(spec, "initContainers").ToList();
        var notReady = string.Join(" ", main.Select(c => JsonRead.String(c, "name")));
        var status = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(
                Condition("PodReadyToStartContainers", true, started),
                Condition("Initialized", true, started),
                Condition("Ready", ready, readyAt, ready ? null : ("ContainersNotReady", $"containers with unready status: [{notReady}]")),
                Condition("ContainersReady", ready, readyAt, ready ? null : ("ContainersNotReady", $"containers with unready status: [{notReady}]")),
                Condition("PodScheduled", true, started)),
            ["podIP"] = ip,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }),
            ["startTime"] = started,
        };
        if (init.Count > 0)
        {
            status["initContainerStatuses"] = new JsonArray([.. init.Select(c => (JsonNode)(
                JsonRead.String(c, "restartPolicy") == "Always" ? Started(c, pod, started, ready) : Completed(c, pod, started)))]);
        }

        status["containerStatuses"] = new JsonArray([.. main.Select(c => (JsonNode)Started(c, pod, started, ready))]);
        status["qosClass"] = QosClass(spec);
        return status;
    }

    private static IEnumerable<JsonObject> Containers(JsonObject? spec, string field) => JsonRead.Array(spec, field).OfType<JsonObject>();

    private static JsonObject Condition(string type, bool status, string at, (string Reason, string Message)? why = null)
    {
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status ? "True" : "False",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = at,
        };
        if (why is { } reason)
        {
            condition["reason"] = reason.Reason;
            condition["message"] = reason.Message;
        }

        return condition;
    }

    private static JsonObject Waiting(JsonObject container) => new()
    {
        ["name"] = JsonRead.String(container, "name"),
        ["image"] = JsonRead.String(container, "image"),
        ["imageID"] = "",
        ["ready"] = false,
        ["started"] = false,
        ["restartCount"] = 0,
        ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
        ["lastState"] = new JsonObject(),
    };

    private static JsonObject Started(JsonObject container, JsonObject pod, string startedAt, bool ready) => new()
    {
        ["name"] = JsonRead.String(container, "name"),
        ["image"] = JsonRead.String(container, "image"),
        ["imageID"] = ImageId(container),
        ["containerID"] = ContainerId(container, pod),
        ["ready"] = ready,
        ["started"] = true,
        ["restartCount"] = 0,
        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = startedAt } },
        ["lastState"] = new JsonObject(),
    };

    private static JsonObject Completed(JsonObject container, JsonObject pod, string at) => new()
    {
        ["name"] = JsonRead.String(container, "name"),
        ["image"] = JsonRead.String(container, "image"),
        ["imageID"] = ImageId(container),
        ["containerID"] = ContainerId(container, pod),
        ["ready"] = true,
        ["started"] = false,
        ["restartCount"] = 0,
        ["state"] = new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = 0,
                ["reason"] = "Completed",
                ["startedAt"] = at,
                ["finishedAt"] = at,
                ["containerID"] = ContainerId(container, pod),
            },
        },
        ["lastState"] = new JsonObject(),
    };

    private static string ImageId(JsonObject container) => $"sandbox://{JsonRead.String(container, "image")}";

    private static string ContainerId(JsonObject container, JsonObject pod) =>
        $"sandbox://{JsonRead.String(pod, "metadata", "uid")}/{JsonRead.String(container, "name")}";

    /// <summary>BestEffort without requests or limits, Guaranteed when every container limits CPU and memory with
    /// requests equal to its limits, Burstable otherwise.</summary>
    private static string QosClass(JsonObject? spec)
    {
        var containers = Containers(spec, "containers").Concat(Containers(spec, "initContainers")).ToList();
        var resources = containers.Select(c => (Requests: JsonRead.Object(c, "resources", "requests"), Limits: JsonRead.Object(c, "resources", "limits"))).ToList();
        if (resources.All(r => (r.Requests?.Count ?? 0) == 0 && (r.Limits?.Count ?? 0) == 0))
        {
            return "BestEffort";
        }

        var guaranteed = resources.All(r =>
            new[] { "cpu", "memory" }.All(name =>
                r.Limits?[name] is { } limit && (r.Requests?[name] is not { } request || request.ToJsonString() == limit.ToJsonString())));
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
