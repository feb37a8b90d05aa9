using System.Collections.Frozen;

namespace Rollouts.Sandbox.ApiServer.Selectors;

/// <summary>A field a field selector may name: where it lives in the object, and its value when absent.</summary>
internal sealed record SelectableField(string Path, string Default = "");

/// <summary>
/// Which fields a field selector may name, per kind, as the real server allows: metadata.name and
/// metadata.namespace everywhere they exist, plus the fields some built-in kinds register. Kinds that register
/// fields refuse others with "field label not supported: X"; the other built-in kinds with
/// "\"X\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"".
/// </summary>
internal static class SelectableFields
{
    private static readonly SelectableField Name = new("metadata.name");
    private static readonly SelectableField Namespace = new("metadata.namespace");

    private static readonly FrozenDictionary<string, FrozenDictionary<string, SelectableField>> Registered =
        new Dictionary<string, Dictionary<string, SelectableField>>(StringComparer.Ordinal)
        {
            ["Pod"] = Fields(namespaced: true,
                "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                "status.phase", "status.podIP", "status.nominatedNodeName")
                .With("spec.hostNetwork", new SelectableField("spec.hostNetwork", "false"))
                .With("spec.host", new SelectableField("spec.nodeName")),
            ["Node"] = Fields(namespaced: false).With("spec.unschedulable", new SelectableField("spec.unschedulable", "false")),
            ["Namespace"] = Fields(namespaced: false, "status.phase"),
            ["Secret"] = Fields(namespaced: true, "type"),
            ["Service"] = Fields(namespaced: true, "spec.clusterIP", "spec.type"),
            ["Event"] = Fields(namespaced: true,
                "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
                "reason", "reportingComponent", "type")
                .With("source", new SelectableField("source.component")),
            ["ReplicaSet"] = Fields(namespaced: true).With("status.replicas", new SelectableField("status.replicas", "0")),
            ["ReplicationController"] = Fields(namespaced: true).With("status.replicas", new SelectableField("status.replicas", "0")),
            ["Job"] = Fields(namespaced: true).With("status.successful", new SelectableField("status.successful", "0")),
        }.ToFrozenDictionary(entry => entry.Key, entry => entry.Value.ToFrozenDictionary(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The field a selector label names for a kind, or the real server's message refusing it.</summary>
    public static SelectableField? Resolve(string label, string kind, bool builtIn, bool namespaced, out string? error)
    {
        error = null;
        if (builtIn && Registered.TryGetValue(kind, out var fields))
        {
            if (fields.TryGetValue(label, out var field))
            {
                return field;
            }

            error = $"field label not supported: {label}";
            return null;
        }

        switch (label)
        {
            case "metadata.name":
                return Name;
            case "metadata.namespace" when builtIn || namespaced:
                return Namespace;
        }

        error = builtIn
            ? $"\"{label}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
            : $"field label not supported: {label}";
        return null;
    }

    private static Dictionary<string, SelectableField> Fields(bool namespaced, params string[] paths)
    {
        var fields = new Dictionary<string, SelectableField>(StringComparer.Ordinal) { ["metadata.name"] = Name };
        if (namespaced)
        {
            fields["metadata.namespace"] = Namespace;
        }

        foreach (var path in paths)
        {
            fields[path] = new SelectableField(path);
        }

        return fields;
    }

    private static Dictionary<string, SelectableField> With(this Dictionary<string, SelectableField> fields, string label, SelectableField field)
    {
        fields[label] = field;
        return fields;
    }
}
