using System.Collections.Immutable;

namespace Rollouts.Kubernetes.Runtime.Informers;

/// <summary>
/// An immutable index from a value (a namespace, an owner UID, a <c>key=value</c> label) to the keys
/// of the objects that have it. Every change returns a new index and shares the untouched parts.
/// </summary>
internal sealed class KeyIndex
{
    public static readonly KeyIndex Empty = new(ImmutableDictionary.Create<string, ImmutableSortedSet<ObjectKey>>(StringComparer.Ordinal));

    private readonly ImmutableDictionary<string, ImmutableSortedSet<ObjectKey>> _entries;

    private KeyIndex(ImmutableDictionary<string, ImmutableSortedSet<ObjectKey>> entries) => _entries = entries;

    /// <summary>The keys indexed under <paramref name="value"/>, in key order.</summary>
    public ImmutableSortedSet<ObjectKey> Lookup(string value) =>
        _entries.TryGetValue(value, out var keys) ? keys : [];

    /// <summary>Moves <paramref name="key"/> from the values it had to the values it has now.</summary>
    public KeyIndex Update(ObjectKey key, IReadOnlyCollection<string> before, IReadOnlyCollection<string> after)
    {
        if (before.Count == 0 && after.Count == 0)
        {
            return this;
        }

        var entries = _entries.ToBuilder();
        foreach (var value in before)
        {
            if (!after.Contains(value) && entries.TryGetValue(value, out var keys))
            {
                var remaining = keys.Remove(key);
                if (remaining.IsEmpty)
                {
                    entries.Remove(value);
                }
                else
                {
                    entries[value] = remaining;
                }
            }
        }

        foreach (var value in after)
        {
            if (!before.Contains(value))
            {
                entries[value] = entries.TryGetValue(value, out var keys) ? keys.Add(key) : [key];
            }
        }

        return new KeyIndex(entries.ToImmutable());
    }

    /// <summary>An index of every given key under its values, built in one pass.</summary>
    public static KeyIndex Build(IEnumerable<(ObjectKey Key, IReadOnlyCollection<string> Values)> items)
    {
        var building = new Dictionary<string, ImmutableSortedSet<ObjectKey>.Builder>(StringComparer.Ordinal);
        foreach (var (key, values) in items)
        {
            foreach (var value in values)
            {
                if (!building.TryGetValue(value, out var keys))
                {
                    keys = ImmutableSortedSet.CreateBuilder<ObjectKey>();
                    building.Add(value, keys);
                }

                keys.Add(key);
            }
        }

        return new KeyIndex(building.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutable(), StringComparer.Ordinal));
    }
}
