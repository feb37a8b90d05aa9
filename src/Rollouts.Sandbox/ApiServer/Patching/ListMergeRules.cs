using System.Collections.Frozen;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>
/// How one list merges instead of being replaced whole: by <see cref="MergeKey"/> for lists of objects, or as
/// a set of values when the key is null (like <c>metadata.finalizers</c>).
/// </summary>
public sealed record ListMergeRule(string? MergeKey)
{
    public static readonly ListMergeRule PrimitiveSet = new((string?)null);

    public bool IsPrimitiveSet => MergeKey is null;

    public static ListMergeRule ByKey(string key) => new(key);
}

/// <summary>
/// The lists of one kind that merge, by dotted field path from the object's root. List items add no segment:
/// "spec.template.spec.containers.ports" is the ports list of any container. Lists not named here are atomic:
/// a patch replaces them whole.
/// </summary>
public sealed class ListMergeRules
{
    private readonly FrozenDictionary<string, ListMergeRule> _byPath;

    public ListMergeRules(IEnumerable<KeyValuePair<string, ListMergeRule>> rules)
    {
        _byPath = rules.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every merging list path with its rule.</summary>
    public IReadOnlyDictionary<string, ListMergeRule> Paths => _byPath;

    /// <summary>The rule for the list at a dotted path, or null when that list is replaced whole.</summary>
    public ListMergeRule? Lookup(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>The path of a child field: "" + "spec" is "spec", "spec" + "ports" is "spec.ports".</summary>
    public static string Child(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";
}
