using System.Collections.Frozen;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>
/// Which lists of each built-in kind merge by key in a strategic merge patch (and in server-side apply), as the
/// built-in types declare with their patchMergeKey and patchStrategy tags. Every kind carries the ObjectMeta
/// lists (finalizers as a set, ownerReferences by uid); kinds with a pod template carry the pod spec lists under
/// the template's spec.
/// </summary>
public static class StrategicMergeKeys
{
    private static readonly ListMergeRule ByName = ListMergeRule.ByKey("name");
    private static readonly ListMergeRule ByType = ListMergeRule.ByKey("type");

    private static readonly FrozenDictionary<string, ListMergeRules> ByKind = BuildTable();

    /// <summary>The rules every object has: those of ObjectMeta at "metadata". Custom resources get only these.</summary>
    public static ListMergeRules Metadata { get; } = new(ObjectMeta("metadata"));

    /// <summary>The built-in kinds with lists beyond those of metadata.</summary>
    public static IReadOnlyCollection<string> Kinds => ByKind.Keys;

    /// <summary>The merge rules of a built-in kind; kinds without keyed lists of their own get <see cref="Metadata"/>.</summary>
    public static ListMergeRules For(string kind) => ByKind.GetValueOrDefault(kind) ?? Metadata;

    private static FrozenDictionary<string, ListMergeRules> BuildTable()
    {
        var table = new Dictionary<string, IEnumerable<KeyValuePair<string, ListMergeRule>>>(StringComparer.Ordinal)
        {
            ["Pod"] = [.. PodSpec("spec"), .. PodStatus("status")],
            ["PodTemplate"] = [.. ObjectMeta("template.metadata"), .. PodSpec("template.spec")],
            ["Deployment"] = Workload(),
            ["ReplicaSet"] = Workload(),
            ["StatefulSet"] = Workload(),
            ["DaemonSet"] = Workload(),
            ["ReplicationController"] = Workload(),
            ["Job"] = Workload(),
            ["CronJob"] = [.. ObjectMeta("spec.jobTemplate.metadata"), .. ObjectMeta("spec.jobTemplate.spec.template.metadata"),
                .. PodSpec("spec.jobTemplate.spec.template.spec")],
            ["Service"] = [Rule("spec.ports", ListMergeRule.ByKey("port")), Rule("status.conditions", ByType)],
            ["Namespace"] = [Rule("status.conditions", ByType)],
            ["Node"] = [Rule("spec.podCIDRs", ListMergeRule.PrimitiveSet), Rule("status.conditions", ByType),
                Rule("status.addresses", ByType)],
            ["ServiceAccount"] = [Rule("secrets", ByName)],
            ["PersistentVolumeClaim"] = [Rule("status.conditions", ByType)],
        };

        return table.ToFrozenDictionary(
            entry => entry.Key,
            entry => new ListMergeRules([.. ObjectMeta("metadata"), .. entry.Value]),
            StringComparer.Ordinal);
    }

    private static IEnumerable<KeyValuePair<string, ListMergeRule>> Workload() =>
        [.. ObjectMeta("spec.template.metadata"), .. PodSpec("spec.template.spec"), Rule("status.conditions", ByType)];

    private static IEnumerable<KeyValuePair<string, ListMergeRule>> ObjectMeta(string at) =>
    [
        Rule($"{at}.finalizers", ListMergeRule.PrimitiveSet),
        Rule($"{at}.ownerReferences", ListMergeRule.ByKey("uid")),
    ];

    private static IEnumerable<KeyValuePair<string, ListMergeRule>> PodSpec(string at)
    {
        yield return Rule($"{at}.volumes", ByName);
        yield return Rule($"{at}.imagePullSecrets", ByName);
        yield return Rule($"{at}.hostAliases", ListMergeRule.ByKey("ip"));
        yield return Rule($"{at}.topologySpreadConstraints", ListMergeRule.ByKey("topologyKey"));
        yield return Rule($"{at}.resourceClaims", ByName);
        yield return Rule($"{at}.schedulingGates", ByName);
        foreach (var containers in new[] { "containers", "initContainers", "ephemeralContainers" })
        {
            var list = $"{at}.{containers}";
            yield return Rule(list, ByName);
            yield return Rule($"{list}.ports", ListMergeRule.ByKey("containerPort"));
            yield return Rule($"{list}.env", ByName);
            yield return Rule($"{list}.volumeMounts", ListMergeRule.ByKey("mountPath"));
            yield return Rule($"{list}.volumeDevices", ListMergeRule.ByKey("devicePath"));
        }
    }

    private static IEnumerable<KeyValuePair<string, ListMergeRule>> PodStatus(string at) =>
    [
        Rule($"{at}.conditions", ByType),
        Rule($"{at}.podIPs", ListMergeRule.ByKey("ip")),
        Rule($"{at}.hostIPs", ListMergeRule.ByKey("ip")),
    ];

    private static KeyValuePair<string, ListMergeRule> Rule(string path, ListMergeRule rule) => new(path, rule);
}
