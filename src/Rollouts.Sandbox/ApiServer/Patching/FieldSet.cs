using System.Text;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>
/// A set of field paths in the nested shape of a managedFields entry's <c>fieldsV1</c>. Each step is named
/// "f:name" (an object field), "k:{"name":"app"}" (a list item by its merge key), "v:"value"" (a member of a
/// set list) or "i:3" (a list index). A node is in the set when it is a leaf or marked "." (owned itself),
/// as a keyed list item is; other nodes only lead to owned ones.
/// </summary>
internal sealed class FieldSet
{
    private SortedDictionary<string, FieldSet>? _children;

    /// <summary>True when this node itself is in the set (a leaf, or "." in fieldsV1).</summary>
    public bool Owned { get; set; }

    public bool HasChildren => _children is { Count: > 0 };

    public bool IsEmpty => !Owned && !HasChildren;

    public IEnumerable<KeyValuePair<string, FieldSet>> Children =>
        _children ?? Enumerable.Empty<KeyValuePair<string, FieldSet>>();

    public FieldSet? Child(string step) => _children?.GetValueOrDefault(step);

    public FieldSet GetOrAdd(string step)
    {
        _children ??= new SortedDictionary<string, FieldSet>(StringComparer.Ordinal);
        if (!_children.TryGetValue(step, out var child))
        {
            child = new FieldSet();
            _children[step] = child;
        }

        return child;
    }

    public void Attach(string step, FieldSet child)
    {
        _children ??= new SortedDictionary<string, FieldSet>(StringComparer.Ordinal);
        _children[step] = child;
    }

    /// <summary>True when the path leads to a node of the set.</summary>
    public bool Contains(IReadOnlyList<string> path) => Find(path)?.Owned ?? false;

    public FieldSet? Find(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var step in path)
        {
            node = node.Child(step);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Takes one path out of the set, dropping nodes that no longer lead anywhere.</summary>
    public void Remove(IReadOnlyList<string> path)
    {
        if (path.Count == 0)
        {
            Owned = false;
            return;
        }

        var child = Child(path[0]);
        if (child is null)
        {
            return;
        }

        child.Remove([.. path.Skip(1)]);
        if (child.IsEmpty)
        {
            _children!.Remove(path[0]);
        }
    }

    /// <summary>Every path in the set, parents before children.</summary>
    public IEnumerable<IReadOnlyList<string>> Paths() => Paths([]);

    private IEnumerable<IReadOnlyList<string>> Paths(List<string> prefix)
    {
        foreach (var (step, child) in Children)
        {
            var path = new List<string>(prefix) { step };
            if (child.Owned)
            {
                yield return path;
            }

            foreach (var descendant in child.Paths(path))
            {
                yield return descendant;
            }
        }
    }

    /// <summary>Adds every path of another set to this one.</summary>
    public void UnionWith(FieldSet other)
    {
        Owned |= other.Owned;
        foreach (var (step, child) in other.Children)
        {
            GetOrAdd(step).UnionWith(child);
        }
    }

    /// <summary>Keeps only the nodes the other set also has; a node stays owned only where the other owns it too.</summary>
    public void IntersectWith(FieldSet other)
    {
        Owned &= other.Owned;
        if (_children is null)
        {
            return;
        }

        foreach (var (step, child) in _children.ToList())
        {
            var match = other.Child(step);
            if (match is not null)
            {
                child.IntersectWith(match);
            }

            if (match is null || child.IsEmpty)
            {
                _children.Remove(step);
            }
        }
    }

    public bool SetEquals(FieldSet other) =>
        Owned == other.Owned
        && Children.Count() == other.Children.Count()
        && Children.All(entry => other.Child(entry.Key) is { } match && entry.Value.SetEquals(match));

    /// <summary>Reads a fieldsV1 object; anything else reads as the empty set.</summary>
    public static FieldSet FromFieldsV1(JsonNode? node)
    {
        var set = new FieldSet();
        if (node is not JsonObject fields)
        {
            return set;
        }

        foreach (var (step, value) in fields)
        {
            if (step == ".")
            {
                set.Owned = true;
                continue;
            }

            var child = FromFieldsV1(value);
            if (!child.HasChildren)
            {
                child.Owned = true;
            }

            set._children ??= new SortedDictionary<string, FieldSet>(StringComparer.Ordinal);
            set._children[step] = child;
        }

        return set;
    }

    /// <summary>The set as a fieldsV1 object: leaves are <c>{}</c>, owned nodes with children carry <c>".": {}</c>.</summary>
    public JsonObject ToFieldsV1()
    {
        var result = new JsonObject();
        if (Owned && HasChildren)
        {
            result["."] = new JsonObject();
        }

        foreach (var (step, child) in Children)
        {
            result[step] = child.ToFieldsV1();
        }

        return result;
    }

    /// <summary>A path as the real server prints it in conflicts: <c>.spec.containers[name="app"].image</c>.</summary>
    public static string Describe(IReadOnlyList<string> path)
    {
        var builder = new StringBuilder();
        foreach (var step in path)
        {
            var body = step.Length > 2 ? step[2..] : "";
            switch (step[0])
            {
                case 'f':
                    builder.Append('.').Append(body);
                    break;
                case 'k' when JsonNode.Parse(body) is JsonObject keys:
                    builder.Append('[')
                        .AppendJoin(',', keys.Select(entry => $"{entry.Key}={entry.Value?.ToJsonString() ?? "null"}"))
                        .Append(']');
                    break;
                case 'v':
                    builder.Append("[=").Append(body).Append(']');
                    break;
                default:
                    builder.Append('[').Append(body).Append(']');
                    break;
            }
        }

        return builder.ToString();
    }
}
