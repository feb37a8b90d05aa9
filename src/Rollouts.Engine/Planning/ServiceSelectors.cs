using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Planning;

/// <summary>Services pick a ReplicaSet by the pod-template hash in their selector.</summary>
internal static class ServiceSelectors
{
    /// <summary>The hash <paramref name="service"/> selects, or null when it has none (or does not exist).</summary>
    public static string? HashOf(Service? service) =>
        service?.Spec?.Selector?.GetValueOrDefault(RolloutLabels.PodTemplateHash);

    public static bool Selects(Service? service, string hash) => HashOf(service) == hash;

    /// <summary>The patch that makes <paramref name="service"/> select <paramref name="hash"/>; null when it already does or does not exist.</summary>
    public static PatchServiceSelector? Point(Service? service, string hash) =>
        service?.Metadata.Name is { } name && !Selects(service, hash) ? new PatchServiceSelector(name, hash) : null;
}
