using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Support;

/// <summary>A blue-green Rollout in the same world: services web-active and web-preview.</summary>
internal sealed partial class RolloutWorld
{
    /// <summary>A blue-green Rollout "web" in namespace "shop" (image web:1), defaulted, with its two services.</summary>
    public static RolloutWorld CreateBlueGreen(int replicas = 3, Func<BlueGreenStrategy, BlueGreenStrategy>? strategy = null)
    {
        var blueGreen = new BlueGreenStrategy { ActiveService = "web-active", PreviewService = "web-preview" };
        var rollout = RolloutDefaulting.Apply(new Rollout
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Uid = "uid-web", Generation = 1 },
            Spec = new RolloutSpec
            {
                Replicas = replicas,
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = Template("web:1"),
                Strategy = new RolloutStrategy { BlueGreen = strategy?.Invoke(blueGreen) ?? blueGreen },
            },
        });

        var world = new RolloutWorld(rollout);
        foreach (var name in new[] { "web-active", "web-preview" })
        {
            world._services[name] = new Service
            {
                Metadata = new ObjectMeta { Name = name, Namespace = "shop" },
                Spec = new ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" } },
            };
        }

        return world;
    }

    public string? Active => SelectorOf("web-active");

    public string? Preview => SelectorOf("web-preview");

    /// <summary>The pre- or post-promotion run of <paramref name="image"/> and try, or null.</summary>
    public AnalysisRun? PromotionRunFor(string image, bool pre, int attempt = 1) =>
        _runs.GetValueOrDefault(AnalysisRunFactory.NameFor("web",
            pre ? AnalysisRunKey.PrePromotion(Hash(image), attempt) : AnalysisRunKey.PostPromotion(Hash(image), attempt)));

    /// <summary>Sets the phase of the current update's pre- or post-promotion run (current try).</summary>
    public void FinishPromotionAnalysis(bool pre, string phase, string? message = null)
    {
        var attempt = Status.BlueGreen?.AnalysisAttempt ?? 1;
        var key = pre ? AnalysisRunKey.PrePromotion(Status.CurrentPodHash!, attempt) : AnalysisRunKey.PostPromotion(Status.CurrentPodHash!, attempt);
        SetRunPhase(AnalysisRunFactory.NameFor("web", key), phase, message);
    }
}
