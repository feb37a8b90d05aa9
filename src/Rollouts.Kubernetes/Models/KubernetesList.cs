namespace Rollouts.Kubernetes.Models;

/// <summary>A page of objects as the server lists them (<c>ReplicaSetList</c>, <c>RolloutList</c>, ...).</summary>
public sealed record KubernetesList<T>
    where T : class
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public ListMeta Metadata { get => field ?? new(); init; }

    public IReadOnlyList<T> Items { get => field ?? []; init; }
}
