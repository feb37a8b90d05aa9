using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;
using Rollouts.Operator.Controllers.Rollouts;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>A change of a ReplicaSet, Service or Ingress brings back the Rollouts it belongs to or that name it.</summary>
public sealed class RolloutKeysTests
{
    private static readonly Rollout[] Rollouts =
    [
        Rollout("web", stableService: "web-stable", canaryService: "web-canary", ingress: "web"),
        Rollout("api", stableService: "api-stable", canaryService: "shared", ingress: "api"),
        Rollout("jobs", stableService: "shared", canaryService: null, ingress: null),
    ];

    [Theory]
    [InlineData("rollouts.dev/v1alpha1", "Rollout", true, "prod/web")]
    [InlineData("rollouts.dev/v1alpha1", "Rollout", false, null)]
    [InlineData("apps/v1", "Deployment", true, null)]
    [InlineData("argoproj.io/v1alpha1", "Rollout", true, null)]
    public void An_object_belongs_to_the_Rollout_that_controls_it(string apiVersion, string kind, bool controller, string? expected)
    {
        var replicaSet = new ReplicaSet
        {
            Metadata = new ObjectMeta
            {
                Name = "web-abc",
                Namespace = "prod",
                OwnerReferences = [new OwnerReference { ApiVersion = apiVersion, Kind = kind, Name = "web", Uid = "u1", Controller = controller }],
            },
        };

        var keys = RolloutKeys.Owners(replicaSet).Select(k => k.ToString()).ToList();

        Assert.Equal(expected is null ? [] : [expected], keys);
    }

    [Fact]
    public void Nothing_belongs_to_no_object() => Assert.Empty(RolloutKeys.Owners(null));

    [Theory]
    [InlineData("web-stable", new[] { "prod/web" })]
    [InlineData("shared", new[] { "prod/api", "prod/jobs" })]
    [InlineData("other", new string[0])]
    public void A_service_concerns_every_Rollout_that_names_it(string service, string[] expected) =>
        Assert.Equal(expected, RolloutKeys.ReferringToService(Rollouts, service).Select(k => k.ToString()));

    [Theory]
    [InlineData("shop-active", new[] { "prod/shop" })]
    [InlineData("shop-preview", new[] { "prod/shop" })]
    [InlineData("shared", new[] { "prod/api", "prod/jobs" })]
    public void A_blue_green_Rollout_is_concerned_by_its_active_and_preview_services(string service, string[] expected)
    {
        var shop = new Rollout
        {
            Metadata = new ObjectMeta { Name = "shop", Namespace = "prod" },
            Spec = new RolloutSpec { Strategy = new RolloutStrategy { BlueGreen = new BlueGreenStrategy { ActiveService = "shop-active", PreviewService = "shop-preview" } } },
        };

        Assert.Equal(expected, RolloutKeys.ReferringToService([.. Rollouts, shop], service).Select(k => k.ToString()));
    }

    [Fact]
    public void A_blue_green_Rollout_names_the_templates_of_both_its_analyses()
    {
        static RolloutAnalysis Of(string name) => new() { Templates = [new AnalysisTemplateReference { TemplateName = name }] };
        var shop = new Rollout
        {
            Metadata = new ObjectMeta { Name = "shop", Namespace = "prod" },
            Spec = new RolloutSpec
            {
                Strategy = new RolloutStrategy
                {
                    BlueGreen = new BlueGreenStrategy { ActiveService = "shop-active", PrePromotionAnalysis = Of("smoke"), PostPromotionAnalysis = Of("success-rate") },
                },
            },
        };

        Assert.Equal(["smoke", "success-rate"], RolloutKeys.TemplateReferences(shop).Select(t => t.TemplateName));
        Assert.Equal(["prod/shop"], RolloutKeys.ReferringToTemplate([shop], "smoke", clusterScope: false).Select(k => k.ToString()));
    }

    [Theory]
    [InlineData("web", new[] { "prod/web" })]
    [InlineData("api", new[] { "prod/api" })]
    [InlineData("web-web-canary", new string[0])]
    public void A_stable_ingress_concerns_every_Rollout_that_routes_through_it(string ingress, string[] expected) =>
        Assert.Equal(expected, RolloutKeys.ReferringToIngress(Rollouts, ingress).Select(k => k.ToString()));

    [Theory]
    [InlineData("success-rate", false, new[] { "prod/step-analysis", "prod/both" })]
    [InlineData("latency", false, new[] { "prod/background" })]
    [InlineData("latency", true, new[] { "prod/both" })]
    [InlineData("success-rate", true, new string[0])]
    public void A_template_concerns_every_Rollout_whose_analyses_name_it_in_the_same_scope(string template, bool clusterScope, string[] expected)
    {
        AnalysisTemplateReference Named(string name, bool cluster = false) => new() { TemplateName = name, ClusterScope = cluster ? true : null };
        Rollout WithAnalysis(string name, AnalysisTemplateReference[] steps, AnalysisTemplateReference[] background) => new()
        {
            Metadata = new ObjectMeta { Name = name, Namespace = "prod" },
            Spec = new RolloutSpec
            {
                Strategy = new RolloutStrategy
                {
                    Canary = new CanaryStrategy
                    {
                        Steps = [new CanaryStep { SetWeight = 20 }, new CanaryStep { Analysis = new RolloutAnalysis { Templates = steps } }],
                        Analysis = new RolloutAnalysis { Templates = background },
                    },
                },
            },
        };
        Rollout[] rollouts =
        [
            WithAnalysis("step-analysis", [Named("success-rate")], []),
            WithAnalysis("background", [], [Named("latency")]),
            WithAnalysis("both", [Named("success-rate")], [Named("latency", cluster: true)]),
        ];

        Assert.Equal(expected, RolloutKeys.ReferringToTemplate(rollouts, template, clusterScope).Select(k => k.ToString()));
    }

    private static Rollout Rollout(string name, string stableService, string? canaryService, string? ingress) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "prod" },
        Spec = new RolloutSpec
        {
            Strategy = new RolloutStrategy
            {
                Canary = new CanaryStrategy
                {
                    StableService = stableService,
                    CanaryService = canaryService,
                    TrafficRouting = ingress is null ? null : new RolloutTrafficRouting { Nginx = new NginxTrafficRouting { StableIngress = ingress } },
                },
            },
        },
    };

}
