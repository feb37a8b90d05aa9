using System.Diagnostics.CodeAnalysis;

namespace Rollouts.Kubernetes.Runtime.Events;

/// <summary>A map of at most <c>capacity</c> entries that forgets the least recently used first. Not thread-safe.</summary>
internal sealed class LruCache<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _nodes = [];
    private readonly LinkedList<(TKey Key, TValue Value)> _order = new();

    public int Count => _nodes.Count;

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_nodes.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            value = node.Value.Value;
            return true;
        }

        value = default;
        return false;
    }

    public void Set(TKey key, TValue value)
    {
        if (_nodes.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            node.Value = (key, value);
            _order.AddFirst(node);
            return;
        }

        if (_nodes.Count >= capacity && _order.Last is { } oldest)
        {
            _order.RemoveLast();
            _nodes.Remove(oldest.Value.Key);
        }

        _nodes[key] = _order.AddFirst((key, value));
    }

    public void Remove(TKey key)
    {
        if (_nodes.Remove(key, out var node))
        {
            _order.Remove(node);
        }
    }
}
