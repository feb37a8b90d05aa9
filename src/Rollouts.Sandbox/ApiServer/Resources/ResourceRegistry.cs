using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Rollouts.Sandbox.ApiServer.Resources;

/// <summary>An API group with its served versions, the preferred version first.</summary>
public sealed record ApiGroupVersions(string Name, ImmutableArray<string> Versions)
{
    public string PreferredVersion => Versions[0];

    /// <summary>"apps/v1", or "v1" for the core group.</summary>
    public string GroupVersion(string version) => Name.Length == 0 ? version : $"{Name}/{version}";
}

/// <summary>
/// An immutable snapshot of every served resource type: the built-in kinds plus the custom resources
/// of the CustomResourceDefinitions stored so far. A CRD change builds a new snapshot
/// (<see cref="WithCustom"/>, <see cref="WithoutCustom"/>) that replaces the old one whole.
/// </summary>
public sealed class ResourceRegistry
{
    private readonly FrozenDictionary<string, ResourceType> _byResource;
    private readonly FrozenDictionary<string, ResourceType> _byKind;
    private readonly FrozenDictionary<string, ImmutableArray<ResourceType>> _byGroupVersion;

    private ResourceRegistry(ImmutableArray<ResourceType> custom)
    {
        Custom = custom;
        All = [.. BuiltInTypes.All, .. custom];
        _byResource = All
            .GroupBy(t => ResourceKey(t.Group, t.Version, t.Plural), StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _byKind = All
            .GroupBy(t => ResourceKey(t.Group, t.Version, t.Kind), StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _byGroupVersion = _byResource.Values
            .GroupBy(t => t.GroupVersion, StringComparer.Ordinal)
            .ToFrozenDictionary(
                g => g.Key,
                g => g.OrderBy(t => t.Plural, StringComparer.Ordinal).ToImmutableArray(),
                StringComparer.Ordinal);
        Groups = BuildGroups(All);
    }

    /// <summary>The built-in kinds alone.</summary>
    public static ResourceRegistry BuiltIn { get; } = new([]);

    /// <summary>Built-in types first, then custom types in the order they were added.</summary>
    public ImmutableArray<ResourceType> All { get; }

    public ImmutableArray<ResourceType> Custom { get; }

    /// <summary>Every served group (the core group has the empty name and comes first), in discovery order:
    /// built-in groups as a real server lists them, then custom groups by name.</summary>
    public ImmutableArray<ApiGroupVersions> Groups { get; }

    public static ResourceRegistry Create(IEnumerable<ResourceType> custom) => BuiltIn.WithCustom(custom);

    /// <summary>The type served at /apis/{group}/{version}/.../{plural}, or null.</summary>
    public ResourceType? Find(string group, string version, string plural) =>
        _byResource.GetValueOrDefault(ResourceKey(group, version, plural));

    /// <summary>The type of objects whose apiVersion is group/version and kind is <paramref name="kind"/>, or null.</summary>
    public ResourceType? FindByKind(string group, string version, string kind) =>
        _byKind.GetValueOrDefault(ResourceKey(group, version, kind));

    /// <summary>The types served at one group-version, by plural; empty when the group-version is not served.</summary>
    public ImmutableArray<ResourceType> InGroupVersion(string group, string version) =>
        _byGroupVersion.GetValueOrDefault(group.Length == 0 ? version : $"{group}/{version}", []);

    public bool HasGroupVersion(string group, string version) => !InGroupVersion(group, version).IsEmpty;

    public ApiGroupVersions? FindGroup(string group) => Groups.FirstOrDefault(g => g.Name == group);

    /// <summary>
    /// A snapshot where the given custom types are served. Existing custom types of the same resource
    /// (group and plural) are dropped first, so passing every served version of an updated CRD replaces it.
    /// </summary>
    public ResourceRegistry WithCustom(IEnumerable<ResourceType> types)
    {
        var added = types.ToImmutableArray();
        if (added.Any(t => !t.IsCustom))
        {
            throw new ArgumentException("Only custom types (IsCustom) can be added to a registry.", nameof(types));
        }
        var replaced = added.Select(t => (t.Group, t.Plural)).ToHashSet();
        return new([.. Custom.Where(t => !replaced.Contains((t.Group, t.Plural))), .. added]);
    }

    /// <summary>A snapshot without any version of the custom resource group/plural (its CRD was deleted).</summary>
    public ResourceRegistry WithoutCustom(string group, string plural) =>
        new([.. Custom.Where(t => t.Group != group || t.Plural != plural)]);

    private static string ResourceKey(string group, string version, string name) => $"{group}/{version}/{name}";

    private static ImmutableArray<ApiGroupVersions> BuildGroups(ImmutableArray<ResourceType> all)
    {
        var builtInOrder = BuiltInTypes.All.Select(t => t.Group).Distinct().ToList();
        return
        [
            .. all
                .GroupBy(t => t.Group, StringComparer.Ordinal)
                .OrderBy(g => builtInOrder.IndexOf(g.Key) is var i && i >= 0 ? i : int.MaxValue)
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ApiGroupVersions(
                    g.Key,
                    [.. g.Select(t => t.Version).Distinct().Order(KubeVersionOrder.Instance)])),
        ];
    }
}
