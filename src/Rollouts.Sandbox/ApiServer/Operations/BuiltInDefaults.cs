using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.ApiServer.Operations;

/// <summary>The defaults the real server fills into built-in objects that kubectl and the operator read back.</summary>
internal static class BuiltInDefaults
{
    public static void Apply(ResourceType type, JsonObject obj, Random random, bool creating)
    {
        if (type.IsCustom)
        {
            return;
        }

        switch ((type.Group, type.Kind))
        {
            case ("", "Service"):
                Service(obj, random);
                break;
            case ("apps", "Deployment"):
                Workload(obj);
                var strategy = Object(Object(obj, "spec"), "strategy");
                strategy["type"] ??= "RollingUpdate";
                if (strategy["type"]?.GetValue<string>() == "RollingUpdate")
                {
                    var rolling = Object(strategy, "rollingUpdate");
                    rolling["maxSurge"] ??= "25%";
                    rolling["maxUnavailable"] ??= "25%";
                }

                Object(obj, "spec")["revisionHistoryLimit"] ??= 10;
                Object(obj, "spec")["progressDeadlineSeconds"] ??= 600;
                break;
            case ("apps", "ReplicaSet"):
                Workload(obj);
                break;
            case ("", "Secret") when obj["type"] is null || obj["type"]!.ToJsonString() == "\"\"":
                obj["type"] = "Opaque";
                break;
            case ("", "Namespace") when creating:
                Object(obj, "spec")["finalizers"] ??= new JsonArray("kubernetes");
                Object(obj, "status")["phase"] ??= "Active";
                break;
            default:
                break;
        }
    }

    private static void Workload(JsonObject obj)
    {
        var spec = Object(obj, "spec");
        spec["replicas"] ??= 1;
        if (spec["template"] is JsonObject template && template["spec"] is JsonObject podSpec)
        {
            PodSpec(podSpec);
        }
    }

    private static void PodSpec(JsonObject podSpec)
    {
        podSpec["restartPolicy"] ??= "Always";
        podSpec["terminationGracePeriodSeconds"] ??= 30;
        podSpec["dnsPolicy"] ??= "ClusterFirst";
        podSpec["schedulerName"] ??= "default-scheduler";
        if (podSpec["containers"] is not JsonArray containers)
        {
            return;
        }

        foreach (var container in containers.OfType<JsonObject>())
        {
            var image = container["image"]?.GetValue<string>() ?? "";
            container["imagePullPolicy"] ??= image.EndsWith(":latest", StringComparison.Ordinal) || !image.Contains(':', StringComparison.Ordinal) ? "Always" : "IfNotPresent";
            container["terminationMessagePath"] ??= "/dev/termination-log";
            container["terminationMessagePolicy"] ??= "File";
            if (container["ports"] is JsonArray ports)
            {
                foreach (var port in ports.OfType<JsonObject>())
                {
                    port["protocol"] ??= "TCP";
                }
            }
        }
    }

    private static void Service(JsonObject obj, Random random)
    {
        var spec = Object(obj, "spec");
        spec["type"] ??= "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        var type = spec["type"]?.GetValue<string>();
        if (type != "ExternalName" && spec["clusterIP"] is null)
        {
            var ip = $"10.96.{random.Next(0, 256)}.{random.Next(1, 255)}";
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = new JsonArray(ip);
        }

        if (spec["ports"] is JsonArray ports)
        {
            foreach (var port in ports.OfType<JsonObject>())
            {
                port["protocol"] ??= "TCP";
                port["targetPort"] ??= port["port"]?.DeepClone();
            }
        }
    }

    private static JsonObject Object(JsonObject parent, string field)
    {
        if (parent[field] is JsonObject child)
        {
            return child;
        }

        child = [];
        parent[field] = child;
        return child;
    }
}
