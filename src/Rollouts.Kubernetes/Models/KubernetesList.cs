using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Models;

/// <summary>A page of objects as the server lists them (<c>ReplicaSetList</c>, <c>RolloutList</c>, ...).</summary>
public sealed record KubernetesList<T>
    where T : class
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public ListMeta Metadata { get => field ?? new(); init; }

    public IReadOnlyList<T> Items { get => field ?? []; init; }

    /// <summary>
    /// Items of the answer that could not be read as <typeparamref name="T"/> (a field of the wrong type in a part of
    /// the object the server's schema does not check), left out of <see cref="Items"/>: "namespace/name: why" each.
    /// One such object must not keep every other from being listed.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<string> Undecodable { get => field ?? []; init; }
}
