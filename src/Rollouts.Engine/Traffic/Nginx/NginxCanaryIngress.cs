using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Hashing;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Traffic.Nginx;

/// <summary>
/// The canary ingress NGINX needs beside a stable ingress: the same hosts, paths, TLS and ingress class, its
/// backends moved from the stable to the canary service, and the annotations that make it a canary with a
/// weight. NGINX sends that share of the stable ingress's traffic to it.
/// </summary>
public static class NginxCanaryIngress
{
    /// <summary>Legacy ingress class annotation, copied for controllers that select ingresses by it.</summary>
    public const string IngressClassAnnotation = "kubernetes.io/ingress.class";

    private const int MaxNameLength = 253;
    private const string Suffix = "-canary";

    /// <summary><c>&lt;rollout&gt;-&lt;stableIngress&gt;-canary</c>, shortened to a valid object name when needed.</summary>
    public static string NameFor(string rolloutName, string stableIngressName)
    {
        var stem = $"{rolloutName}-{stableIngressName}";
        if (stem.Length + Suffix.Length > MaxNameLength)
        {
            stem = stem[..(MaxNameLength - Suffix.Length)].TrimEnd('-', '.');
        }

        return stem + Suffix;
    }

    /// <summary>The stable ingresses of <paramref name="nginx"/>: stableIngresses when given, else stableIngress.</summary>
    public static IReadOnlyList<string> StableIngressNames(NginxTrafficRouting nginx) =>
        nginx.StableIngresses is { Count: > 0 } names ? names
        : string.IsNullOrEmpty(nginx.StableIngress) ? []
        : [nginx.StableIngress];

    public static string AnnotationPrefix(NginxTrafficRouting nginx) =>
        string.IsNullOrEmpty(nginx.AnnotationPrefix) ? NginxTrafficRouting.DefaultAnnotationPrefix : nginx.AnnotationPrefix;

    /// <summary>
    /// The desired canary ingress for <paramref name="stable"/> at <paramref name="weight"/>, or the reason there
    /// can be none (the stable ingress sends nothing to the stable service).
    /// </summary>
    public static (Ingress? Ingress, string? Problem) Build(Rollout rollout, Ingress stable, int weight, HeaderRoute? header = null)
    {
        var canary = rollout.Spec?.Strategy?.Canary ?? new CanaryStrategy();
        var nginx = canary.TrafficRouting?.Nginx ?? new NginxTrafficRouting();
        var stableService = canary.StableService ?? "";
        var canaryService = canary.CanaryService ?? "";
        var prefix = AnnotationPrefix(nginx);
        var stableName = stable.Metadata.Name ?? "";

        var rules = new List<IngressRule>();
        foreach (var rule in stable.Spec?.Rules ?? [])
        {
            var paths = (rule.Http?.Paths ?? [])
                .Where(p => p.Backend?.Service?.Name == stableService)
                .Select(p => p with { Backend = ToCanary(p.Backend!, canaryService) })
                .ToList();
            if (paths.Count > 0)
            {
                rules.Add(rule with { Http = rule.Http! with { Paths = paths } });
            }
        }

        var defaultBackend = stable.Spec?.DefaultBackend?.Service?.Name == stableService
            ? ToCanary(stable.Spec.DefaultBackend, canaryService)
            : null;

        if (rules.Count == 0 && defaultBackend is null)
        {
            return (null,
                $"ingress '{stableName}' has no backend on the stable service '{stableService}' " +
                "(spec.strategy.canary.stableService); the canary ingress copies those backends");
        }

        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (stable.Metadata.Annotations?.TryGetValue(IngressClassAnnotation, out var ingressClass) == true)
        {
            annotations[IngressClassAnnotation] = ingressClass;
        }

        foreach (var (key, value) in nginx.AdditionalIngressAnnotations ?? new Dictionary<string, string>())
        {
            annotations[key.StartsWith(prefix + "/", StringComparison.Ordinal) ? key : $"{prefix}/{key}"] = value;
        }

        annotations[$"{prefix}/canary"] = "true";
        annotations[$"{prefix}/canary-weight"] = weight.ToString(CultureInfo.InvariantCulture);
        if (header is { Match: [var match, ..] })
        {
            annotations[$"{prefix}/canary-by-header"] = match.HeaderName ?? "";
            if (match.HeaderValue?.Exact is { } exact)
            {
                annotations[$"{prefix}/canary-by-header-value"] = exact;
            }
            else if (match.HeaderValue?.Prefix is { } start)
            {
                annotations[$"{prefix}/canary-by-header-pattern"] = "^" + Regex.Escape(start) + ".*";
            }
            else if (match.HeaderValue?.Regex is { } pattern)
            {
                annotations[$"{prefix}/canary-by-header-pattern"] = pattern;
            }
        }

        var ingress = new Ingress
        {
            Metadata = new ObjectMeta
            {
                Name = NameFor(rollout.Metadata.Name ?? "", stableName),
                Namespace = rollout.Metadata.Namespace,
                Labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    [RolloutLabels.ManagedBy] = rollout.Metadata.Name ?? "",
                },
                Annotations = annotations,
                OwnerReferences = [RolloutOwnership.ControllerReference(rollout)],
            },
            Spec = new IngressSpec
            {
                IngressClassName = stable.Spec?.IngressClassName,
                DefaultBackend = defaultBackend,
                Rules = rules.Count > 0 ? rules : null,
                Tls = stable.Spec?.Tls,
            },
        };
        return (ingress, null);
    }

    /// <summary>The canary weight an ingress holds: its canary-weight annotation, 0 when missing or not a number.</summary>
    public static int WeightOf(Ingress ingress, string prefix) =>
        ingress.Metadata.Annotations?.TryGetValue($"{prefix}/canary-weight", out var text) == true &&
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var weight)
            ? Math.Clamp(weight, 0, 100)
            : 0;

    /// <summary><paramref name="ingress"/> with its canary-weight annotation set to <paramref name="weight"/>, all else kept.</summary>
    public static Ingress WithWeight(Ingress ingress, string prefix, int weight)
    {
        var annotations = new SortedDictionary<string, string>(
            ingress.Metadata.Annotations?.ToDictionary() ?? [], StringComparer.Ordinal)
        {
            [$"{prefix}/canary-weight"] = weight.ToString(CultureInfo.InvariantCulture),
        };
        return ingress with { Metadata = ingress.Metadata with { Annotations = annotations } };
    }

    /// <summary>
    /// True when <paramref name="observed"/> already is <paramref name="desired"/> in every field the operator
    /// manages: its spec, our label, our annotations, no other annotation under the prefix (another would change
    /// how NGINX routes), and our controller reference.
    /// </summary>
    public static bool Matches(Ingress observed, Ingress desired, string prefix)
    {
        var have = observed.Metadata.Annotations ?? new Dictionary<string, string>();
        var want = desired.Metadata.Annotations ?? new Dictionary<string, string>();
        if (want.Any(p => !have.TryGetValue(p.Key, out var value) || value != p.Value) ||
            have.Keys.Any(k => k.StartsWith(prefix + "/", StringComparison.Ordinal) && !want.ContainsKey(k)))
        {
            return false;
        }

        if ((desired.Metadata.Labels ?? new Dictionary<string, string>())
            .Any(p => observed.Metadata.Labels?.TryGetValue(p.Key, out var value) != true || value != p.Value))
        {
            return false;
        }

        var owner = desired.Metadata.OwnerReferences?.FirstOrDefault();
        if (owner is not null && !(observed.Metadata.OwnerReferences ?? []).Any(o =>
                o.Controller == true && o.Kind == owner.Kind && o.Name == owner.Name && (owner.Uid is null || o.Uid == owner.Uid)))
        {
            return false;
        }

        return Canonical(observed.Spec) == Canonical(desired.Spec);
    }

    private static IngressBackend ToCanary(IngressBackend backend, string canaryService) =>
        backend with { Service = backend.Service! with { Name = canaryService } };

    private static string Canonical(IngressSpec? spec) =>
        CanonicalJson.Write(JsonSerializer.SerializeToElement(spec ?? new IngressSpec(), KubernetesJsonContext.Default.IngressSpec));
}
