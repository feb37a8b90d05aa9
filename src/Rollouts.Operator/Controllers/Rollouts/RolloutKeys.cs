using Rollouts.Api.Rollouts;
using Rollouts.Engine.Traffic.Nginx;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime;

namespace Rollouts.Operator.Controllers.Rollouts;

/// <summary>
/// Which Rollouts a change of another object concerns: the Rollout that controls it (its owner reference), and
/// for Services and Ingresses also every Rollout of the namespace that names it in its canary strategy.
/// </summary>
internal static class RolloutKeys
{
    /// <summary>The Rollouts <paramref name="obj"/> (old or new state) is controlled by.</summary>
    public static IEnumerable<ObjectKey> Owners(IKubernetesObject? obj)
    {
        if (obj?.Metadata is not { Name: { Length: > 0 } } metadata)
        {
            yield break;
        }

        foreach (var owner in metadata.OwnerReferences ?? [])
        {
            if (owner.Controller == true && owner.Kind == "Rollout" && IsRolloutsGroup(owner.ApiVersion) && owner.Name is { Length: > 0 } name)
            {
                yield return new ObjectKey(metadata.Namespace, name);
            }
        }
    }

    /// <summary>
    /// The Rollouts among <paramref name="rollouts"/> whose stableService or canaryService, or activeService or
    /// previewService, is <paramref name="serviceName"/>.
    /// </summary>
    public static IEnumerable<ObjectKey> ReferringToService(IEnumerable<Rollout> rollouts, string serviceName) =>
        rollouts.Where(r => r.Spec?.Strategy is { } strategy &&
                            (strategy.Canary is { } canary && (canary.StableService == serviceName || canary.CanaryService == serviceName) ||
                             strategy.BlueGreen is { } blueGreen && (blueGreen.ActiveService == serviceName || blueGreen.PreviewService == serviceName)))
            .Select(ObjectKey.Of);

    /// <summary>The Rollouts among <paramref name="rollouts"/> that route through the stable ingress <paramref name="ingressName"/>.</summary>
    public static IEnumerable<ObjectKey> ReferringToIngress(IEnumerable<Rollout> rollouts, string ingressName) =>
        rollouts.Where(r => r.Spec?.Strategy?.Canary?.TrafficRouting?.Nginx is { } nginx &&
                            NginxCanaryIngress.StableIngressNames(nginx).Contains(ingressName))
            .Select(ObjectKey.Of);

    /// <summary>The Rollouts among <paramref name="rollouts"/> (of every namespace) that route through the HTTPRoute <paramref name="route"/>.</summary>
    public static IEnumerable<ObjectKey> ReferringToHttpRoute(IEnumerable<Rollout> rollouts, ObjectKey route) =>
        rollouts.Where(r => GatewayApiTrafficRouting.Of(r.Spec?.Strategy?.Canary?.TrafficRouting) is { } gateway &&
                            gateway.RouteNamespace(r.Metadata.Namespace) == route.Namespace &&
                            gateway.RouteNames().Contains(route.Name))
            .Select(ObjectKey.Of);

    /// <summary>
    /// The Rollouts among <paramref name="rollouts"/> whose analyses (steps or background) name the template
    /// <paramref name="templateName"/>: an AnalysisTemplate, or with <paramref name="clusterScope"/> a ClusterAnalysisTemplate.
    /// </summary>
    public static IEnumerable<ObjectKey> ReferringToTemplate(IEnumerable<Rollout> rollouts, string templateName, bool clusterScope) =>
        rollouts.Where(r => TemplateReferences(r).Any(t => t.TemplateName == templateName && (t.ClusterScope == true) == clusterScope))
            .Select(ObjectKey.Of);

    /// <summary>
    /// Every template reference of the Rollout's analyses: those of canary analysis steps, then the background
    /// analysis'; for blue-green, pre-promotion then post-promotion analysis'.
    /// </summary>
    public static IEnumerable<AnalysisTemplateReference> TemplateReferences(Rollout rollout)
    {
        var canary = rollout.Spec?.Strategy?.Canary;
        var blueGreen = rollout.Spec?.Strategy?.BlueGreen;
        var fromSteps = (canary?.Steps ?? []).SelectMany(step => step?.Analysis?.Templates ?? []);
        var background = canary?.Analysis?.Templates ?? [];
        var promotion = (blueGreen?.PrePromotionAnalysis?.Templates ?? []).Concat(blueGreen?.PostPromotionAnalysis?.Templates ?? []);
        return fromSteps.Concat(background).Concat(promotion).Where(t => t is not null);
    }

    private static bool IsRolloutsGroup(string? apiVersion) =>
        apiVersion is not null && apiVersion.StartsWith(Rollout.Group + "/", StringComparison.Ordinal);
}
