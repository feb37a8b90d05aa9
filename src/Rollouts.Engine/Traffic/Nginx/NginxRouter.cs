using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Traffic.Nginx;

/// <summary>
/// The canary ingresses of one Rollout as observed, one per stable ingress, and the actions that bring them
/// to a weight or remove them. Ingresses the Rollout does not control are never changed.
/// </summary>
internal sealed class NginxRouter : ITrafficRouter
{
    private readonly Rollout _rollout;
    private readonly IReadOnlyList<Entry> _entries;

    public NginxRouter(Rollout rollout, NginxTrafficRouting nginx, Observation observation)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(nginx);
        ArgumentNullException.ThrowIfNull(observation);
        _rollout = rollout;
        Prefix = NginxCanaryIngress.AnnotationPrefix(nginx);
        _entries = [.. NginxCanaryIngress.StableIngressNames(nginx).Select(stableName =>
        {
            var canaryName = NginxCanaryIngress.NameFor(rollout.Metadata.Name ?? "", stableName);
            var stable = observation.StableIngresses.FirstOrDefault(i => i.Metadata.Name == stableName);
            var canary = observation.CanaryIngresses.FirstOrDefault(i => i.Metadata.Name == canaryName);
            var owned = canary is not null && RolloutOwnership.IsControlledBy(canary.Metadata, rollout);
            var problem = stable is null
                ? MissingReference.Message($"stable ingress '{stableName}'", "spec.strategy.canary.trafficRouting.nginx")
                : canary is not null && !owned
                    ? $"ingress '{canaryName}' exists and is not controlled by rollout '{rollout.Metadata.Name}'; delete or rename it"
                    : NginxCanaryIngress.Build(rollout, stable, 0).Problem;
            return new Entry(stableName, canaryName, stable, owned ? canary : null, problem);
        })];
    }

    public string Prefix { get; }

    /// <summary>The names of the canary ingresses, one per stable ingress.</summary>
    public IEnumerable<string> CanaryIngressNames => _entries.Select(e => e.CanaryName);

    /// <summary>What keeps the router from holding a weight, one line per canary ingress; empty when nothing does.</summary>
    public IReadOnlyList<string> Problems => [.. _entries.Where(e => e.Problem is not null).Select(e => e.Problem!)];

    /// <summary>The highest weight any canary ingress of the Rollout holds now; 0 when there is none.</summary>
    public int ObservedWeight => _entries.Where(e => e.Canary is not null).Select(e => NginxCanaryIngress.WeightOf(e.Canary!, Prefix)).DefaultIfEmpty(0).Max();

    /// <summary>True when every canary ingress exists, is ours, and is exactly what <paramref name="weight"/> needs.</summary>
    public bool Holds(int weight) => Holds(weight, []);

    /// <summary>True when every canary ingress exists, is ours, and is exactly what <paramref name="weight"/> and <paramref name="headers"/> need.</summary>
    public bool Holds(int weight, IReadOnlyList<HeaderRoute> headers) =>
        _entries.Count > 0 &&
        _entries.All(e => e.Problem is null && e.Canary is not null &&
                          NginxCanaryIngress.Matches(e.Canary, NginxCanaryIngress.Build(_rollout, e.Stable!, weight, Header(headers)).Ingress!, Prefix));

    public string? WaitingFor(int weight, IReadOnlyList<HeaderRoute> headers) =>
        Holds(weight, headers) ? null
        : headers.Count > 0 ? $"waiting for the canary ingresses to hold weight {weight} and header route {headers[0].Name} ({headers[0].Describe()})"
        : $"waiting for the canary ingresses to hold weight {weight}";

    /// <summary>
    /// Brings every canary ingress to one weight, at most <paramref name="proposed"/>. A canary ingress that
    /// cannot be built (its stable ingress is missing, ...) cannot be raised, so the weight falls to what it
    /// holds; it can always be lowered, by its weight annotation alone.
    /// </summary>
    public (int Weight, IReadOnlyList<PlanAction> Actions) SetWeight(int proposed) => SetWeight(proposed, []);

    /// <summary><see cref="SetWeight(int)"/> with the header route of <paramref name="headers"/> on the canary ingresses.</summary>
    public (int Weight, IReadOnlyList<PlanAction> Actions) SetWeight(int proposed, IReadOnlyList<HeaderRoute> headers)
    {
        var weight = proposed;
        foreach (var entry in _entries.Where(e => e.Problem is not null))
        {
            weight = Math.Min(weight, entry.Canary is null ? 0 : NginxCanaryIngress.WeightOf(entry.Canary, Prefix));
        }

        var actions = new List<PlanAction>();
        foreach (var entry in _entries)
        {
            if (entry.Problem is null)
            {
                var desired = NginxCanaryIngress.Build(_rollout, entry.Stable!, weight, Header(headers)).Ingress!;
                if (entry.Canary is null || !NginxCanaryIngress.Matches(entry.Canary, desired, Prefix))
                {
                    actions.Add(new ApplyCanaryIngress(desired, weight));
                }
            }
            else if (entry.Canary is not null && NginxCanaryIngress.WeightOf(entry.Canary, Prefix) != weight)
            {
                actions.Add(new ApplyCanaryIngress(NginxCanaryIngress.WithWeight(entry.Canary, Prefix, weight), weight));
            }
        }

        return (weight, actions);
    }

    /// <summary>Deletes every canary ingress the Rollout controls.</summary>
    public IReadOnlyList<PlanAction> Remove() =>
        [.. _entries.Where(e => e.Canary is not null).Select(e => new DeleteCanaryIngress(e.CanaryName))];

    /// <summary>NGINX carries one header route (validation keeps managedRoutes to one): the first.</summary>
    private static HeaderRoute? Header(IReadOnlyList<HeaderRoute> headers) => headers.Count > 0 ? headers[0] : null;

    private sealed record Entry(string StableName, string CanaryName, Ingress? Stable, Ingress? Canary, string? Problem);
}
