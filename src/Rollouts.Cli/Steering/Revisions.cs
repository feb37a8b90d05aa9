using System.Globalization;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Hashing;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Steering;

/// <summary>One version of a Rollout's template: a ReplicaSet it owns, numbered by age (1 is the oldest still kept).</summary>
internal sealed record Revision(int Number, ReplicaSet ReplicaSet, string? Hash);

/// <summary>The revisions of a Rollout, and the template a rollback to one of them writes.</summary>
internal static class Revisions
{
    /// <summary>
    /// The Rollout's ReplicaSets oldest first, numbered from 1. Creation times have whole seconds, so ReplicaSets made
    /// in the same second are ordered by what <paramref name="status"/> says of them: the current template's is the
    /// newest, then the stable one's, then the others by name.
    /// </summary>
    public static IReadOnlyList<Revision> Of(IEnumerable<ReplicaSet> owned, RolloutStatus? status = null) =>
        [.. owned
            .OrderBy(rs => rs.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue)
            .ThenBy(rs => Recency(rs.Metadata.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash), status))
            .ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal)
            .Select((rs, i) => new Revision(i + 1, rs, (rs.Metadata.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash))))];

    private static int Recency(string? hash, RolloutStatus? status) =>
        hash is null || status is null ? 0 : hash == status.CurrentPodHash ? 2 : hash == status.StableRS ? 1 : 0;

    /// <summary>
    /// The Rollout with its template set back to <paramref name="toRevision"/>'s (the newest other than the current
    /// template when null), as it was written, so that the operator takes that revision's ReplicaSet up again instead of
    /// making a new one (<see cref="RevisionTemplate"/>). Refuses a revision that does not exist or that is the current template.
    /// </summary>
    public static (Rollout Rollout, string Done) Undo(Rollout rollout, IReadOnlyList<Revision> revisions, int? toRevision)
    {
        var name = rollout.Metadata.Name;
        var current = rollout.Spec?.Template is { } template ? PodTemplateHash.Compute(template) : null;
        Revision target;
        if (toRevision is { } number)
        {
            target = revisions.FirstOrDefault(r => r.Number == number)
                ?? throw new CliException(revisions.Count == 0
                    ? $"rollout \"{name}\" has no revisions to go back to"
                    : string.Create(CultureInfo.InvariantCulture,
                        $"revision {number} of rollout \"{name}\" does not exist; its revisions are {string.Join(", ", revisions.Select(r => $"{r.Number} ({r.ReplicaSet.Metadata.Name})"))}"));
            if (target.Hash == current)
            {
                throw new CliException(string.Create(CultureInfo.InvariantCulture,
                    $"rollout \"{name}\" already runs revision {number} ({target.ReplicaSet.Metadata.Name}); nothing to undo"));
            }
        }
        else
        {
            target = revisions.LastOrDefault(r => r.Hash != current)
                ?? throw new CliException($"rollout \"{name}\" has no earlier revision to go back to");
        }

        if (target.ReplicaSet.Spec?.Template is null)
        {
            throw new CliException($"ReplicaSet {target.ReplicaSet.Metadata.Name} has no pod template to go back to");
        }

        var (restored, exact) = RevisionTemplate.Restore(target.ReplicaSet);
        var spec = rollout.Spec! with { Template = restored };
        var done = string.Create(CultureInfo.InvariantCulture,
            $"rollout \"{name}\" rolled back to revision {target.Number} ({target.ReplicaSet.Metadata.Name}, {Images(restored)})");
        return (rollout with { Spec = spec }, exact
            ? done
            : done + "; its template as first written could not be recovered exactly, so the operator makes a new ReplicaSet of it");
    }

    /// <summary>The Rollout with one container's image changed; refuses a container the template does not have.</summary>
    public static (Rollout Rollout, string Done) SetImage(Rollout rollout, string container, string image)
    {
        var name = rollout.Metadata.Name;
        var template = rollout.Spec?.Template ?? throw new CliException($"rollout \"{name}\" has no spec.template");
        var containers = template.Spec?.Containers ?? [];
        var index = containers.ToList().FindIndex(c => c.Name == container);
        if (index < 0)
        {
            throw new CliException($"rollout \"{name}\" has no container \"{container}\"; its containers are: {string.Join(", ", containers.Select(c => c.Name))}");
        }

        if (containers[index].Image == image)
        {
            throw new CliException($"container \"{container}\" of rollout \"{name}\" already runs {image}");
        }

        var changed = containers.Select((c, i) => i == index ? c with { Image = image } : c).ToList();
        var spec = rollout.Spec! with { Template = template with { Spec = template.Spec! with { Containers = changed } } };
        return (rollout with { Spec = spec }, $"rollout \"{name}\": container \"{container}\" image set to {image}");
    }

    public static string Images(PodTemplateSpec? template) =>
        string.Join(", ", (template?.Spec?.Containers ?? []).Select(c => c.Image ?? "?"));
}
