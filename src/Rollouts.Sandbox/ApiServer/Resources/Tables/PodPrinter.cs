using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Resources.Tables;

/// <summary>
/// Pods as <c>kubectl get pods</c> shows them: NAME READY STATUS RESTARTS AGE, and with -o wide
/// IP NODE NOMINATED NODE READINESS GATES. STATUS is the pod's phase refined by container states
/// (Init:0/1, ContainerCreating, CrashLoopBackOff, Completed, Terminating...).
/// </summary>
internal static class PodPrinter
{
    public static readonly TablePrinter Printer = new(
        [
            CommonColumns.Name,
            CommonColumns.Text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            CommonColumns.Text("Status", "The aggregate status of the containers in this pod."),
            CommonColumns.Text("Restarts", "The number of times the containers in this pod have been restarted, and when last."),
            CommonColumns.Age,
            CommonColumns.Wide("IP", "IP address allocated to the pod."),
            CommonColumns.Wide("Node", "The node the pod is scheduled onto."),
            CommonColumns.Wide("Nominated Node", "The node the scheduler nominated for the pod, while preempting."),
            CommonColumns.Wide("Readiness Gates", "True readiness gate conditions out of all declared."),
        ],
        Cells)
    {
        Conditions = CompletedCondition,
    };

    private static JsonNode?[] Cells(JsonObject pod, DateTimeOffset now)
    {
        var spec = JsonRead.Object(pod, "spec");
        var status = JsonRead.Object(pod, "status");
        var phase = JsonRead.String(status, "phase") ?? "";
        var reason = JsonRead.String(status, "reason") is { Length: > 0 } statusReason ? statusReason : phase;
        if (JsonRead.Array(status, "conditions").OfType<JsonObject>().Any(c =>
                JsonRead.String(c, "type") == "PodScheduled" && JsonRead.String(c, "reason") == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        var initContainers = JsonRead.Array(spec, "initContainers").OfType<JsonObject>().ToList();
        var sidecars = initContainers.Where(c => JsonRead.String(c, "restartPolicy") == "Always")
            .Select(c => JsonRead.String(c, "name")).ToHashSet();
        var total = JsonRead.Array(spec, "containers").Count + sidecars.Count;
        var ready = 0;
        var restarts = new RestartCount();
        var sidecarRestarts = new RestartCount();

        var initializing = false;
        var initStatuses = JsonRead.Array(status, "initContainerStatuses").OfType<JsonObject>().ToList();
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            var isSidecar = sidecars.Contains(JsonRead.String(container, "name"));
            restarts.Add(container);
            if (isSidecar)
            {
                sidecarRestarts.Add(container);
            }
            var terminated = JsonRead.Object(container, "state", "terminated");
            var waitingReason = JsonRead.String(container, "state", "waiting", "reason");
            if (terminated is not null && JsonRead.Integer(terminated, "exitCode") is 0 or null)
            {
                continue;
            }
            if (isSidecar && JsonRead.Boolean(container, "started") == true)
            {
                ready += JsonRead.Boolean(container, "ready") == true ? 1 : 0;
                continue;
            }
            reason = terminated is not null ? "Init:" + TerminatedReason(terminated)
                : waitingReason is { Length: > 0 } && waitingReason != "PodInitializing" ? "Init:" + waitingReason
                : $"Init:{i}/{initContainers.Count}";
            initializing = true;
            break;
        }

        if (!initializing || HasCondition(status, "Initialized"))
        {
            restarts = sidecarRestarts;
            var hasRunning = false;
            var statuses = JsonRead.Array(status, "containerStatuses").OfType<JsonObject>().ToList();
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts.Add(container);
                var terminated = JsonRead.Object(container, "state", "terminated");
                if (JsonRead.String(container, "state", "waiting", "reason") is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (terminated is not null)
                {
                    reason = TerminatedReason(terminated);
                }
                else if (JsonRead.Boolean(container, "ready") == true && JsonRead.Object(container, "state", "running") is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }
            if (reason == "Completed" && hasRunning)
            {
                reason = HasCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }

        if (JsonRead.String(pod, "metadata", "deletionTimestamp") is not null)
        {
            if (JsonRead.String(status, "reason") == "NodeLost")
            {
                reason = "Unknown";
            }
            else if (phase is not ("Succeeded" or "Failed"))
            {
                reason = "Terminating";
            }
        }

        var restartCell = restarts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (restarts.Count != 0 && restarts.Last is { } last)
        {
            restartCell += $" ({HumanDuration.Format(now - last)} ago)";
        }

        return
        [
            TablePrinter.Name(pod), $"{ready}/{total}", reason, restartCell, HumanDuration.Age(pod, now),
            NoneIfEmpty(JsonRead.String(JsonRead.Array(status, "podIPs").FirstOrDefault(), "ip") ?? JsonRead.String(status, "podIP")),
            NoneIfEmpty(JsonRead.String(spec, "nodeName")),
            NoneIfEmpty(JsonRead.String(status, "nominatedNodeName")),
            ReadinessGates(spec, status),
        ];
    }

    private static string TerminatedReason(JsonObject terminated)
    {
        if (JsonRead.String(terminated, "reason") is { Length: > 0 } reason)
        {
            return reason;
        }
        return JsonRead.Integer(terminated, "signal") is { } signal and not 0
            ? $"Signal:{signal}"
            : $"ExitCode:{JsonRead.Integer(terminated, "exitCode") ?? 0}";
    }

    private static string ReadinessGates(JsonObject? spec, JsonObject? status)
    {
        var gates = JsonRead.Array(spec, "readinessGates").OfType<JsonObject>().ToList();
        if (gates.Count == 0)
        {
            return "<none>";
        }
        var trueCount = gates.Count(g => HasCondition(status, JsonRead.String(g, "conditionType") ?? ""));
        return $"{trueCount}/{gates.Count}";
    }

    private static bool HasCondition(JsonObject? status, string type) =>
        JsonRead.Array(status, "conditions").OfType<JsonObject>()
            .FirstOrDefault(c => JsonRead.String(c, "type") == type) is { } condition
        && JsonRead.String(condition, "status") == "True";

    private static JsonArray? CompletedCondition(JsonObject pod) => JsonRead.String(pod, "status", "phase") switch
    {
        "Succeeded" => Completed("Succeeded", "The pod has completed successfully."),
        "Failed" => Completed("Failed", "The pod failed."),
        _ => null,
    };

    private static JsonArray Completed(string reason, string message) => new(new JsonObject
    {
        ["type"] = "Completed",
        ["status"] = "True",
        ["reason"] = reason,
        ["message"] = message,
    });

    private static string NoneIfEmpty(string? value) => string.IsNullOrEmpty(value) ? "<none>" : value;

    /// <summary>Restarts summed over containers, with the latest time one of them last terminated.</summary>
    private sealed class RestartCount
    {
        public long Count { get; private set; }
        public DateTimeOffset? Last { get; private set; }

        public void Add(JsonObject container)
        {
            Count += JsonRead.Integer(container, "restartCount") ?? 0;
            if (JsonRead.String(container, "lastState", "terminated", "finishedAt") is { } finished
                && HumanDuration.TryParseTimestamp(finished, out var time)
                && (Last is null || time > Last))
            {
                Last = time;
            }
        }
    }
}
