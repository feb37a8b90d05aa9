using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Runtime;

/// <summary>
/// Names one object: its namespace (empty for cluster-scoped objects) and name. Written
/// <c>namespace/name</c> (or just <c>name</c>), the usual work-queue key. Keys order by namespace,
/// then name, ordinally.
/// </summary>
public readonly struct ObjectKey : IEquatable<ObjectKey>, IComparable<ObjectKey>
{
    public ObjectKey(string? @namespace, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Namespace = @namespace ?? "";
        Name = name;
    }

    /// <summary>Empty for cluster-scoped objects.</summary>
    public string Namespace { get => field ?? ""; }

    public string Name { get => field ?? ""; }

    /// <summary>The key of <paramref name="obj"/>; it must have a name.</summary>
    public static ObjectKey Of(IKubernetesObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var name = obj.Metadata.Name;
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"A {obj.Kind ?? "object"} without metadata.name has no key.", nameof(obj));
        }

        return new ObjectKey(obj.Metadata.Namespace, name);
    }

    /// <summary>Reads <c>namespace/name</c> or <c>name</c>, as <see cref="ToString"/> writes it.</summary>
    public static ObjectKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return new ObjectKey(null, text);
        }

        if (slash == 0 || slash == text.Length - 1 || text.IndexOf('/', slash + 1) >= 0)
        {
            throw new FormatException($"'{text}' is not an object key; expected 'namespace/name' or 'name'.");
        }

        return new ObjectKey(text[..slash], text[(slash + 1)..]);
    }

    public override string ToString() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";

    public bool Equals(ObjectKey other) =>
        string.Equals(Namespace, other.Namespace, StringComparison.Ordinal) && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ObjectKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(
        StringComparer.Ordinal.GetHashCode(Namespace), StringComparer.Ordinal.GetHashCode(Name));

    public int CompareTo(ObjectKey other)
    {
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }

    public static bool operator ==(ObjectKey left, ObjectKey right) => left.Equals(right);

    public static bool operator !=(ObjectKey left, ObjectKey right) => !left.Equals(right);

    public static bool operator <(ObjectKey left, ObjectKey right) => left.CompareTo(right) < 0;

    public static bool operator <=(ObjectKey left, ObjectKey right) => left.CompareTo(right) <= 0;

    public static bool operator >(ObjectKey left, ObjectKey right) => left.CompareTo(right) > 0;

    public static bool operator >=(ObjectKey left, ObjectKey right) => left.CompareTo(right) >= 0;
}
