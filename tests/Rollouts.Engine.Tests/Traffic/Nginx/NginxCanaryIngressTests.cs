using System.Text.Json;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Traffic.Nginx;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Traffic.Nginx;

public class NginxCanaryIngressTests
{
    private static readonly Rollout Rollout = new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Uid = "uid-web" },
        Spec = new RolloutSpec
        {
            Strategy = new RolloutStrategy
            {
                Canary = new CanaryStrategy
                {
                    StableService = "web-stable",
                    CanaryService = "web-canary",
                    TrafficRouting = new RolloutTrafficRouting
                    {
                        Nginx = new NginxTrafficRouting
                        {
                            StableIngress = "web",
                            AdditionalIngressAnnotations = new Dictionary<string, string>
                            {
                                ["canary-by-header"] = "X-Canary",
                                ["nginx.ingress.kubernetes.io/canary-by-cookie"] = "canary",
                            },
                        },
                    },
                },
            },
        },
    };

    private const string Stable = """
        {
          "metadata": {"name": "web", "namespace": "shop", "annotations": {"kubernetes.io/ingress.class": "nginx", "nginx.ingress.kubernetes.io/rewrite-target": "/"}},
          "spec": {
            "ingressClassName": "nginx",
            "tls": [{"hosts": ["web.example.com"], "secretName": "web-tls"}],
            "rules": [
              {"host": "web.example.com", "http": {"paths": [
                {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web-stable", "port": {"name": "http"}}}},
                {"path": "/admin", "pathType": "Prefix", "backend": {"service": {"name": "admin", "port": {"number": 80}}}}
              ]}},
              {"host": "other.example.com", "http": {"paths": [
                {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "other", "port": {"number": 80}}}}
              ]}}
            ]
          }
        }
        """;

    [Fact]
    public void The_canary_ingress_copies_hosts_paths_tls_and_class_of_the_stable_service_and_points_them_at_the_canary()
    {
        var (ingress, problem) = NginxCanaryIngress.Build(Rollout, Parse(Stable), 20);

        Assert.Null(problem);
        Assert.Equal(
            """{"ingressClassName":"nginx","rules":[{"host":"web.example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web-canary","port":{"name":"http"}}}}]}}],"tls":[{"hosts":["web.example.com"],"secretName":"web-tls"}]}""",
            JsonSerializer.Serialize(ingress!.Spec, KubernetesJsonContext.Default.IngressSpec));
        Assert.Equal("web-web-canary", ingress.Metadata.Name);
        Assert.Equal("shop", ingress.Metadata.Namespace);
        Assert.Equal("web", ingress.Metadata.Labels![RolloutLabels.ManagedBy]);
        var owner = Assert.Single(ingress.Metadata.OwnerReferences!);
        Assert.Equal(("rollouts.dev/v1alpha1", "Rollout", "web", "uid-web", true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller));
    }

    [Fact]
    public void The_canary_ingress_has_the_canary_annotations_the_additional_ones_prefixed_and_the_legacy_class_and_no_other()
    {
        var (ingress, _) = NginxCanaryIngress.Build(Rollout, Parse(Stable), 35);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["kubernetes.io/ingress.class"] = "nginx",
                ["nginx.ingress.kubernetes.io/canary"] = "true",
                ["nginx.ingress.kubernetes.io/canary-by-cookie"] = "canary",
                ["nginx.ingress.kubernetes.io/canary-by-header"] = "X-Canary",
                ["nginx.ingress.kubernetes.io/canary-weight"] = "35",
            },
            ingress!.Metadata.Annotations);
        Assert.Equal(35, NginxCanaryIngress.WeightOf(ingress, "nginx.ingress.kubernetes.io"));
    }

    [Fact]
    public void A_custom_annotation_prefix_is_used_for_every_canary_annotation()
    {
        var rollout = Rollout with
        {
            Spec = Rollout.Spec! with
            {
                Strategy = new RolloutStrategy
                {
                    Canary = Rollout.Spec.Strategy!.Canary! with
                    {
                        TrafficRouting = new RolloutTrafficRouting { Nginx = new NginxTrafficRouting { StableIngress = "web", AnnotationPrefix = "custom.io" } },
                    },
                },
            },
        };

        var (ingress, _) = NginxCanaryIngress.Build(rollout, Parse(Stable), 5);

        Assert.Equal(["custom.io/canary", "custom.io/canary-weight", "kubernetes.io/ingress.class"], ingress!.Metadata.Annotations!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_stable_ingress_with_no_backend_on_the_stable_service_gives_a_problem_naming_both()
    {
        var stable = Parse(Stable.Replace("\"web-stable\"", "\"web-main\"", StringComparison.Ordinal));

        var (ingress, problem) = NginxCanaryIngress.Build(Rollout, stable, 20);

        Assert.Null(ingress);
        Assert.Equal(
            "ingress 'web' has no backend on the stable service 'web-stable' (spec.strategy.canary.stableService); the canary ingress copies those backends",
            problem);
    }

    [Fact]
    public void A_default_backend_on_the_stable_service_is_copied_too()
    {
        var stable = Parse("""{"metadata":{"name":"web"},"spec":{"defaultBackend":{"service":{"name":"web-stable","port":{"number":80}}}}}""");

        var (ingress, _) = NginxCanaryIngress.Build(Rollout, stable, 20);

        Assert.Equal("web-canary", ingress!.Spec!.DefaultBackend!.Service!.Name);
        Assert.Null(ingress.Spec.Rules);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("weight", false)]
    [InlineData("extra-prefixed-annotation", false)]
    [InlineData("extra-other-annotation", true)]
    [InlineData("path", false)]
    [InlineData("owner", false)]
    [InlineData("label", false)]
    [InlineData("server-fields", true)]
    public void An_observed_canary_ingress_matches_when_every_managed_field_is_as_desired(string change, bool matches)
    {
        var desired = NginxCanaryIngress.Build(Rollout, Parse(Stable), 20).Ingress!;
        var meta = desired.Metadata;
        var observed = change switch
        {
            "weight" => NginxCanaryIngress.WithWeight(desired, "nginx.ingress.kubernetes.io", 30),
            "extra-prefixed-annotation" => desired with { Metadata = meta with { Annotations = With(meta.Annotations, "nginx.ingress.kubernetes.io/canary-by-header-value", "yes") } },
            "extra-other-annotation" => desired with { Metadata = meta with { Annotations = With(meta.Annotations, "kubectl.kubernetes.io/last-applied-configuration", "{}") } },
            "path" => NginxCanaryIngress.Build(Rollout, Parse(Stable.Replace("\"path\": \"/\"", "\"path\": \"/v2\"", StringComparison.Ordinal)), 20).Ingress!,
            "owner" => desired with { Metadata = meta with { OwnerReferences = [] } },
            "label" => desired with { Metadata = meta with { Labels = null } },
            "server-fields" => desired with { Metadata = meta with { Uid = "x", ResourceVersion = "7", Generation = 3, CreationTimestamp = DateTimeOffset.UnixEpoch } },
            _ => desired,
        };

        Assert.Equal(matches, NginxCanaryIngress.Matches(observed, desired, "nginx.ingress.kubernetes.io"));
    }

    [Theory]
    [InlineData("web", "web", "web-web-canary")]
    [InlineData("shop-frontend", "public", "shop-frontend-public-canary")]
    public void The_canary_ingress_is_named_after_rollout_and_stable_ingress(string rollout, string stable, string name)
    {
        Assert.Equal(name, NginxCanaryIngress.NameFor(rollout, stable));
    }

    [Fact]
    public void A_name_too_long_for_an_object_is_shortened_and_still_ends_in_canary()
    {
        var name = NginxCanaryIngress.NameFor(new string('r', 200), new string('s', 100));

        Assert.Equal(253, name.Length);
        Assert.EndsWith("-canary", name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20", 20)]
    [InlineData("abc", 0)]
    [InlineData("150", 100)]
    [InlineData(null, 0)]
    public void The_weight_of_an_ingress_is_its_canary_weight_annotation(string? annotation, int weight)
    {
        var ingress = new Ingress
        {
            Metadata = new ObjectMeta
            {
                Annotations = annotation is null ? null : new Dictionary<string, string> { ["nginx.ingress.kubernetes.io/canary-weight"] = annotation },
            },
        };

        Assert.Equal(weight, NginxCanaryIngress.WeightOf(ingress, "nginx.ingress.kubernetes.io"));
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string>? annotations, string key, string value) =>
        new(annotations ?? new Dictionary<string, string>()) { [key] = value };

    private static Ingress Parse(string json) => JsonSerializer.Deserialize(json, KubernetesJsonContext.Default.Ingress)!;
}
