using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Hashing;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Steering;

/// <summary>The pod template a rollback writes, and whether it is the very template the ReplicaSet was made from.</summary>
/// <param name="Exact">True when <paramref name="Template"/> hashes to the ReplicaSet's own hash, so the operator takes that ReplicaSet up again.</param>
internal sealed record RestoredTemplate(PodTemplateSpec Template, bool Exact);

/// <summary>
/// Recovers the template a user wrote from the ReplicaSet the operator made of it. The operator names a ReplicaSet by
/// the hash of the Rollout's template as written (<see cref="PodTemplateHash"/>), but the ReplicaSet's own template is
/// what the API server kept: the hash label and role metadata added by the operator, and the server's defaults filled
/// in (restartPolicy, imagePullPolicy, ...). Copying it back as it is would hash to a new value and start a new
/// ReplicaSet. So the added labels and annotations are taken out, and of the fields that hold the server's default
/// value, the combination the user wrote is found by the hash the ReplicaSet carries: most often none, then one, two,
/// ... The hash proves the result is the template the ReplicaSet was made from.
/// </summary>
internal static class RevisionTemplate
{
    /// <summary>Combinations of defaulted fields tried at most before giving up on an exact match.</summary>
    private const int MaxTries = 20_000;

    public static RestoredTemplate Restore(ReplicaSet replicaSet)
    {
        ArgumentNullException.ThrowIfNull(replicaSet);
        var template = replicaSet.Spec?.Template ?? new PodTemplateSpec();
        var hash = replicaSet.Metadata.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash);
        var root = JsonSerializer.SerializeToNode(WithoutOperatorMetadata(template, replicaSet), KubernetesJsonContext.Default.PodTemplateSpec)!.AsObject();
        var defaulted = ServerDefaults.Find(root);
        if (hash is not null)
        {
            var tries = 0;
            for (var kept = 0; kept <= defaulted.Count && tries < MaxTries; kept++)
            {
                foreach (var keep in Combinations(defaulted.Count, kept))
                {
                    if (++tries > MaxTries)
                    {
                        break;
                    }

                    var candidate = Without(root, defaulted, keep);
                    if (PodTemplateHash.Compute(candidate) == hash)
                    {
                        return new RestoredTemplate(candidate, Exact: true);
                    }
                }
            }
        }

        return new RestoredTemplate(Without(root, defaulted, []), Exact: false);
    }

    /// <summary>The template without the hash label and without the labels and annotations the operator gave it for its role.</summary>
    private static PodTemplateSpec WithoutOperatorMetadata(PodTemplateSpec template, ReplicaSet replicaSet)
    {
        var roleLabels = Keys(replicaSet, PodMetadataSync.ManagedLabelsKey);
        var roleAnnotations = Keys(replicaSet, PodMetadataSync.ManagedAnnotationsKey);
        var metadata = template.Metadata ?? new ObjectMeta();
        var labels = metadata.Labels?
            .Where(l => l.Key != RolloutLabels.PodTemplateHash && !roleLabels.Contains(l.Key))
            .ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        var annotations = metadata.Annotations?
            .Where(a => !roleAnnotations.Contains(a.Key))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        return template with
        {
            Metadata = metadata with
            {
                Labels = labels is { Count: > 0 } ? labels : null,
                Annotations = annotations is { Count: > 0 } ? annotations : null,
            },
        };
    }

    private static HashSet<string> Keys(ReplicaSet replicaSet, string annotation) =>
        replicaSet.Metadata.Annotations?.GetValueOrDefault(annotation) is { } list
            ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries)]
            : [];

    private static PodTemplateSpec Without(JsonObject root, IReadOnlyList<DefaultedField> defaulted, IReadOnlyList<int> keep)
    {
        var copy = root.DeepClone().AsObject();
        for (var i = 0; i < defaulted.Count; i++)
        {
            if (!keep.Contains(i))
            {
                defaulted[i].RemoveFrom(copy);
            }
        }

        return copy.Deserialize(KubernetesJsonContext.Default.PodTemplateSpec)!;
    }

    /// <summary>The ways of choosing <paramref name="k"/> of <paramref name="n"/> indexes, in order.</summary>
    internal static IEnumerable<IReadOnlyList<int>> Combinations(int n, int k)
    {
        var chosen = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return chosen.ToArray();
            var i = k - 1;
            while (i >= 0 && chosen[i] == n - k + i)
            {
                i--;
            }

            if (i < 0)
            {
                yield break;
            }

            chosen[i]++;
            for (var j = i + 1; j < k; j++)
            {
                chosen[j] = chosen[j - 1] + 1;
            }
        }
    }
}
