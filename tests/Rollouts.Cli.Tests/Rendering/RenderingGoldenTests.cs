using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Cli.Cluster;
using Rollouts.Cli.Rendering;
using Rollouts.Engine.Hashing;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Tests.Rendering;

/// <summary>
/// get rollout and list rollouts as piped output (no colour, no glyphs), rendered from fixed objects and compared
/// with the files in Rendering/Golden. To change the expected output on purpose, run once with ROLLOUTS_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public sealed class RenderingGoldenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Get_rollout_paused_mid_update_with_an_analysis_run()
    {
        var text = RolloutTreeView.Render(GoldenObjects.Family(), Now, TextStyle.Plain);

        AssertGolden("get-rollout-paused.txt", text);
    }

    [Fact]
    public void Get_rollout_blue_green_paused_before_promotion_shows_active_and_preview()
    {
        var text = RolloutTreeView.Render(GoldenObjects.BlueGreenFamily(), Now, TextStyle.Plain);

        AssertGolden("get-rollout-bluegreen-paused.txt", text);
    }

    [Fact]
    public void Get_rollout_on_an_HTTPRoute_shows_the_router_and_the_header_routes_in_effect()
    {
        var family = GoldenObjects.Family();
        var canary = family.Rollout.Spec!.Strategy!.Canary!;
        var rollout = family.Rollout with
        {
            Spec = family.Rollout.Spec with
            {
                Strategy = family.Rollout.Spec.Strategy with
                {
                    Canary = canary with
                    {
                        TrafficRouting = new RolloutTrafficRouting
                        {
                            GatewayApi = new GatewayApiTrafficRouting { HttpRoute = "web" },
                            ManagedRoutes = [new ManagedRoute { Name = "beta" }],
                        },
                        Steps =
                        [
                            new CanaryStep { SetWeight = 20 },
                            new CanaryStep
                            {
                                SetHeaderRoute = new SetHeaderRoute
                                {
                                    Name = "beta",
                                    Match = [new HeaderRoutingMatch { HeaderName = "x-beta", HeaderValue = new StringMatch { Exact = "1" } }],
                                },
                            },
                            new CanaryStep { SetWeight = 50 },
                            new CanaryStep { Pause = new RolloutPause() },
                        ],
                    },
                },
            },
        };

        var text = RolloutTreeView.Render(family with { Rollout = rollout }, Now, TextStyle.Plain);

        AssertGolden("get-rollout-gateway.txt", text);
    }

    [Fact]
    public void Get_rollout_on_a_terminal_uses_glyphs_and_colour()
    {
        var text = RolloutTreeView.Render(GoldenObjects.Family(), Now, TextStyle.Terminal);

        Assert.Contains("├── revision 3", text, StringComparison.Ordinal);
        Assert.Contains("\u001b[33mPaused\u001b[0m", text, StringComparison.Ordinal);
        Assert.Contains("└── revision 1", Strip(text), StringComparison.Ordinal);
    }

    [Fact]
    public void List_rollouts_one_line_each()
    {
        var rollouts = new[]
        {
            GoldenObjects.Family().Rollout,
            GoldenObjects.Healthy("api", "shop", "api:2.3"),
            GoldenObjects.Healthy("cart", "shop", "cart:1.0"),
        };

        AssertGolden("list-rollouts.txt", RolloutListView.Render(rollouts, withNamespace: false, TextStyle.Plain));
        AssertGolden("list-rollouts-all-namespaces.txt", RolloutListView.Render(rollouts, withNamespace: true, TextStyle.Plain));
    }

    [Fact]
    public void Output_yaml_and_json_print_the_rollout_as_the_server_returned_it()
    {
        var rollout = GoldenObjects.Family().Rollout;

        var yaml = ObjectPrinter.Print(rollout, Api.RolloutsJsonContext.Default.Rollout, "yaml");
        var json = ObjectPrinter.PrintList([rollout], Api.RolloutsJsonContext.Default.Rollout, "json");

        Assert.StartsWith("apiVersion: rollouts.dev/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\n", yaml, StringComparison.Ordinal);
        Assert.Contains("  currentStepIndex: 3\n", yaml, StringComparison.Ordinal);
        var list = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        Assert.Equal("List", list["kind"]!.GetValue<string>());
        Assert.Equal("web", list["items"]![0]!["metadata"]!["name"]!.GetValue<string>());
    }

    private static string Strip(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*m", "");

    private static void AssertGolden(string file, string actual)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Rendering", "Golden", file);
        if (Environment.GetEnvironmentVariable("ROLLOUTS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(Support.RepositoryFiles.Root, "tests", "Rollouts.Cli.Tests", "Rendering", "Golden", file), actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {file} is missing; the output was:\n{actual}");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}

/// <summary>Fixed objects for golden rendering: web updating from web:1.0 to web:1.1, paused at its last step.</summary>
internal static class GoldenObjects
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 11, 50, 0, TimeSpan.Zero);

    public static RolloutFamily Family()
    {
        var rollout = Rollout("web", "default", "web:1.1");
        var canaryHash = PodTemplateHash.Compute(rollout.Spec!.Template);
        rollout = rollout with
        {
            Metadata = rollout.Metadata with { Generation = 2 },
            Status = new RolloutStatus
            {
                Phase = RolloutPhase.Paused,
                Message = "step 4/4: paused until promoted",
                CurrentStepIndex = 3,
                CurrentPodHash = canaryHash,
                StableRS = "6b8f7c5d9",
                ObservedGeneration = 2,
                Replicas = 8,
                UpdatedReplicas = 3,
                ReadyReplicas = 8,
                AvailableReplicas = 8,
                PauseConditions = [new PauseCondition { Reason = "CanaryPauseStep", StartTime = Start.AddMinutes(5) }],
                Canary = new CanaryStatus
                {
                    Weights = new TrafficWeights
                    {
                        Canary = new WeightDestination { Weight = 50, ServiceName = "web-canary", PodTemplateHash = canaryHash },
                        Stable = new WeightDestination { Weight = 50, ServiceName = "web-stable", PodTemplateHash = "6b8f7c5d9" },
                        Verified = true,
                    },
                },
                History =
                [
                    new RolloutDecision { Time = Start, Action = "UpdateStarted", Reason = "TemplateChanged", Message = "update to web-" + canaryHash + " started" },
                    new RolloutDecision { Time = Start.AddMinutes(5), Action = "RolloutPaused", Reason = "PauseStep", Message = "step 4/4: paused until promoted" },
                ],
            },
        };
        var replicaSets = new[]
        {
            ReplicaSet(rollout, "4c6d8e7f5", "web:0.9", 0, 0, Start.AddDays(-3)),
            ReplicaSet(rollout, "6b8f7c5d9", "web:1.0", 5, 5, Start.AddDays(-1)),
            ReplicaSet(rollout, canaryHash, "web:1.1", 3, 3, Start),
        };
        var run = new AnalysisRun
        {
            Metadata = new ObjectMeta
            {
                Name = $"web-{canaryHash}-2",
                Namespace = "default",
                CreationTimestamp = Start.AddMinutes(1),
                Labels = new Dictionary<string, string> { [RolloutLabels.PodTemplateHash] = canaryHash },
                OwnerReferences = [Owner(rollout)],
            },
            Status = new AnalysisRunStatus
            {
                Phase = AnalysisPhase.Successful,
                MetricResults =
                [
                    new MetricResult
                    {
                        Name = "success-rate",
                        Phase = AnalysisPhase.Successful,
                        Count = 3,
                        Successful = 3,
                        Measurements = [new Measurement { Phase = AnalysisPhase.Successful, Value = "[0.997]" }],
                    },
                ],
            },
        };
        return RolloutFamily.Of(rollout, replicaSets, [run]);
    }

    /// <summary>web updating from web:1.0 to web:1.1 by blue-green: pre-promotion analysis passed, paused before promotion.</summary>
    public static RolloutFamily BlueGreenFamily()
    {
        var canary = Rollout("web", "default", "web:1.1");
        var rollout = canary with
        {
            Spec = canary.Spec! with
            {
                Replicas = 3,
                Strategy = new RolloutStrategy
                {
                    BlueGreen = new BlueGreenStrategy
                    {
                        ActiveService = "web-active",
                        PreviewService = "web-preview",
                        AutoPromotionEnabled = false,
                        PrePromotionAnalysis = new RolloutAnalysis { Templates = [new AnalysisTemplateReference { TemplateName = "smoke" }] },
                        PostPromotionAnalysis = new RolloutAnalysis { Templates = [new AnalysisTemplateReference { TemplateName = "success-rate" }] },
                    },
                },
            },
        };
        var newHash = PodTemplateHash.Compute(rollout.Spec!.Template);
        rollout = rollout with
        {
            Status = new RolloutStatus
            {
                Phase = RolloutPhase.Paused,
                Message = "paused before promotion (BlueGreenPause): promote to switch the active service",
                CurrentPodHash = newHash,
                StableRS = "6b8f7c5d9",
                ObservedGeneration = 1,
                Replicas = 6,
                UpdatedReplicas = 3,
                ReadyReplicas = 6,
                AvailableReplicas = 6,
                ControllerPause = true,
                PauseConditions = [new PauseCondition { Reason = "BlueGreenPause", StartTime = Start.AddMinutes(3) }],
                BlueGreen = new BlueGreenStatus
                {
                    ActiveSelector = "6b8f7c5d9",
                    PreviewSelector = newHash,
                    PrePromotionAnalysisRunStatus = new RolloutAnalysisRunStatus { Name = $"web-{newHash}-pre-promotion", Status = AnalysisPhase.Successful },
                },
                History =
                [
                    new RolloutDecision { Time = Start, Action = "UpdateStarted", Reason = "TemplateChanged", Message = $"template changed: web-{newHash} comes up beside active web-6b8f7c5d9" },
                    new RolloutDecision { Time = Start.AddMinutes(3), Action = "RolloutPaused", Reason = "BlueGreenPause", Message = $"web-{newHash} is available through the preview service; paused until promoted (autoPromotionEnabled is false)" },
                ],
            },
        };
        var replicaSets = new[]
        {
            ReplicaSet(rollout, "6b8f7c5d9", "web:1.0", 3, 3, Start.AddDays(-1)),
            ReplicaSet(rollout, newHash, "web:1.1", 3, 3, Start),
        };
        return RolloutFamily.Of(rollout, replicaSets, []);
    }

    public static Rollout Healthy(string name, string ns, string image)
    {
        var rollout = Rollout(name, ns, image);
        var hash = PodTemplateHash.Compute(rollout.Spec!.Template);
        return rollout with
        {
            Status = new RolloutStatus { Phase = RolloutPhase.Healthy, CurrentStepIndex = 4, CurrentPodHash = hash, StableRS = hash, ObservedGeneration = 1 },
        };
    }

    private static Rollout Rollout(string name, string ns, string image) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Uid = $"uid-{name}", Generation = 1 },
        Spec = new RolloutSpec
        {
            Replicas = 5,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new PodSpec { Containers = [new Container { Name = name, Image = image }] },
            },
            Strategy = new RolloutStrategy
            {
                Canary = new CanaryStrategy
                {
                    StableService = $"{name}-stable",
                    CanaryService = $"{name}-canary",
                    Steps =
                    [
                        new CanaryStep { SetWeight = 20 },
                        new CanaryStep { Pause = new RolloutPause { Duration = "30s" } },
                        new CanaryStep { SetWeight = 50 },
                        new CanaryStep { Pause = new RolloutPause() },
                    ],
                    Analysis = new RolloutAnalysis { Templates = [new AnalysisTemplateReference { TemplateName = "success-rate" }], StartingStep = 1 },
                },
            },
        },
    };

    private static ReplicaSet ReplicaSet(Rollout rollout, string hash, string image, int replicas, int ready, DateTimeOffset created) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = $"web-{hash}",
            Namespace = "default",
            CreationTimestamp = created,
            Labels = new Dictionary<string, string> { ["app"] = "web", [RolloutLabels.PodTemplateHash] = hash },
            OwnerReferences = [Owner(rollout)],
        },
        Spec = new ReplicaSetSpec
        {
            Replicas = replicas,
            Template = new PodTemplateSpec { Spec = new PodSpec { Containers = [new Container { Name = "web", Image = image }] } },
        },
        Status = new ReplicaSetStatus { Replicas = replicas, ReadyReplicas = ready, AvailableReplicas = ready },
    };

    private static OwnerReference Owner(Rollout rollout) => new()
    {
        ApiVersion = Api.Rollouts.Rollout.GroupVersion,
        Kind = "Rollout",
        Name = rollout.Metadata.Name,
        Uid = rollout.Metadata.Uid,
        Controller = true,
    };
}
