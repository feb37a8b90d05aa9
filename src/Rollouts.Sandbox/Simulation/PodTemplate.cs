using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.Simulation;

/// <summary>Makes pods from a ReplicaSet's pod template, named and owned as the real controller does it.</summary>
internal sealed class PodTemplate
{
    // Generated names keep room for the 5-character suffix within a 63-character label.
    private const int MaxPrefixLength = 58;

    private readonly Lock _gate = new();
    private readonly Random _random;

    public PodTemplate(int? seed) => _random = seed is { } value ? new Random(value) : new Random();

    /// <summary>
    /// A new pod for <paramref name="replicaSet"/>: <c>&lt;rs-name&gt;-&lt;5 random characters&gt;</c>, the
    /// template's labels, annotations, finalizers and spec, and the ReplicaSet as its controlling owner.
    /// </summary>
    public JsonObject NewPod(JsonObject replicaSet)
    {
        var name = JsonRead.String(replicaSet, "metadata", "name") ?? "";
        var template = JsonRead.Object(replicaSet, "spec", "template");
        var prefix = name + "-";
        if (prefix.Length > MaxPrefixLength)
        {
            prefix = prefix[..MaxPrefixLength];
        }

        var metadata = new JsonObject
        {
            ["name"] = NextName(prefix),
            ["generateName"] = prefix,
            ["namespace"] = JsonRead.String(replicaSet, "metadata", "namespace"),
        };
        foreach (var field in new[] { "labels", "annotations", "finalizers" })
        {
            if (JsonRead.Node(template, "metadata", field) is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        metadata["ownerReferences"] = ControllerRef.For(
            JsonRead.String(replicaSet, "apiVersion") ?? "apps/v1", "ReplicaSet", name,
            JsonRead.String(replicaSet, "metadata", "uid") ?? "");
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = JsonRead.Object(template, "spec")?.DeepClone() ?? new JsonObject(),
        };
    }

    private string NextName(string prefix)
    {
        lock (_gate)
        {
            return ObjectMetadata.GenerateName(prefix, _random);
        }
    }
}
