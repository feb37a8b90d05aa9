using System.Text.Json.Nodes;

namespace Rollouts.Cli.Steering;

/// <summary>A field of a pod template (as JSON) that holds the value the API server fills in when it is left out.</summary>
/// <param name="Path">Member names and array indexes from the template's root; the last is the field's name.</param>
internal sealed record DefaultedField(IReadOnlyList<object> Path)
{
    public void RemoveFrom(JsonObject root)
    {
        JsonNode? node = root;
        foreach (var step in Path.Take(Path.Count - 1))
        {
            node = step is int index ? node?.AsArray()[index] : node?[(string)step];
        }

        (node as JsonObject)?.Remove((string)Path[^1]);
    }

    public override string ToString() => string.Join('.', Path);
}

/// <summary>
/// The defaults the Kubernetes API server gives a pod template of a built-in workload (core/v1 defaulting), found where
/// a template holds them. A user may have written any of them too; <see cref="RevisionTemplate"/> tells which by the hash.
/// </summary>
internal static class ServerDefaults
{
    private static readonly (string Field, JsonNode Value)[] PodSpecDefaults =
    [
        ("restartPolicy", "Always"),
        ("terminationGracePeriodSeconds", 30),
        ("dnsPolicy", "ClusterFirst"),
        ("schedulerName", "default-scheduler"),
        ("securityContext", new JsonObject()),
        ("enableServiceLinks", true),
    ];

    private static readonly (string Field, JsonNode Value)[] ContainerDefaults =
    [
        ("terminationMessagePath", "/dev/termination-log"),
        ("terminationMessagePolicy", "File"),
        ("resources", new JsonObject()),
    ];

    private static readonly (string Field, JsonNode Value)[] ProbeDefaults =
    [
        ("timeoutSeconds", 1),
        ("periodSeconds", 10),
        ("successThreshold", 1),
        ("failureThreshold", 3),
    ];

    private static readonly string[] ContainerLists = ["initContainers", "containers"];

    private static readonly string[] Probes = ["livenessProbe", "readinessProbe", "startupProbe"];

    private static readonly string[] VolumeSources = ["secret", "configMap", "downwardAPI", "projected"];

    /// <summary>Every field of <paramref name="template"/> that holds its server default, in a fixed order.</summary>
    public static IReadOnlyList<DefaultedField> Find(JsonObject template)
    {
        var found = new List<DefaultedField>();
        if (template["spec"] is not JsonObject spec)
        {
            return found;
        }

        Check(spec, ["spec"], PodSpecDefaults, found);
        foreach (var list in ContainerLists)
        {
            if (spec[list] is not JsonArray containers)
            {
                continue;
            }

            for (var i = 0; i < containers.Count; i++)
            {
                if (containers[i] is JsonObject container)
                {
                    Container(container, ["spec", list, i], found);
                }
            }
        }

        if (spec["volumes"] is JsonArray volumes)
        {
            for (var i = 0; i < volumes.Count; i++)
            {
                foreach (var source in VolumeSources)
                {
                    if (volumes[i]?[source] is JsonObject volume)
                    {
                        Check(volume, ["spec", "volumes", i, source], [("defaultMode", 420)], found);
                    }
                }
            }
        }

        return found;
    }

    private static void Container(JsonObject container, object[] path, List<DefaultedField> found)
    {
        Check(container, path, ContainerDefaults, found);
        var image = container["image"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
        var tagged = image.Contains(':', StringComparison.Ordinal) && !image.EndsWith(":latest", StringComparison.Ordinal) || image.Contains('@', StringComparison.Ordinal);
        Check(container, path, [("imagePullPolicy", tagged ? "IfNotPresent" : "Always")], found);
        if (container["ports"] is JsonArray ports)
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i] is JsonObject port)
                {
                    Check(port, [.. path, "ports", i], [("protocol", "TCP")], found);
                }
            }
        }

        foreach (var name in Probes)
        {
            if (container[name] is not JsonObject probe)
            {
                continue;
            }

            Check(probe, [.. path, name], ProbeDefaults, found);
            if (probe["httpGet"] is JsonObject httpGet)
            {
                Check(httpGet, [.. path, name, "httpGet"], [("scheme", "HTTP")], found);
            }
        }

        if (container["env"] is JsonArray env)
        {
            for (var i = 0; i < env.Count; i++)
            {
                if (env[i]?["valueFrom"]?["fieldRef"] is JsonObject fieldRef)
                {
                    Check(fieldRef, [.. path, "env", i, "valueFrom", "fieldRef"], [("apiVersion", "v1")], found);
                }
            }
        }
    }

    private static void Check(JsonObject parent, object[] path, IEnumerable<(string Field, JsonNode Value)> defaults, List<DefaultedField> found)
    {
        foreach (var (field, value) in defaults)
        {
            if (parent[field] is { } present && JsonNode.DeepEquals(present, value))
            {
                found.Add(new DefaultedField([.. path, field]));
            }
        }
    }
}
