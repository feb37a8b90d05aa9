using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Tests.Rollouts;

public sealed class RolloutDefaultingTests
{
    private const string Bare = """
        {"spec": {"replicas": null, "strategy": {"canary": {"steps": [{"setWeight": 20}]}}}}
        """;

    [Fact]
    public void Fills_every_field_left_out()
    {
        var rollout = RolloutDefaulting.Apply(RolloutJson.With(Bare));

        var spec = rollout.Spec!;
        var canary = spec.Strategy!.Canary!;
        Assert.Equal(1, spec.Replicas);
        Assert.Equal(10, spec.RevisionHistoryLimit);
        Assert.Equal(600, spec.ProgressDeadlineSeconds);
        Assert.Equal(IntOrString.FromText("25%"), canary.MaxSurge);
        Assert.Equal(IntOrString.FromText("25%"), canary.MaxUnavailable);
        Assert.Equal(30, canary.ScaleDownDelaySeconds);
        Assert.Equal(30, canary.AbortScaleDownDelaySeconds);
        Assert.Equal("nginx.ingress.kubernetes.io", canary.TrafficRouting!.Nginx!.AnnotationPrefix);
    }

    [Fact]
    public void Keeps_what_the_user_wrote_even_when_invalid()
    {
        var rollout = RolloutDefaulting.Apply(RolloutJson.With("""
            {"spec": {"replicas": 0, "revisionHistoryLimit": -3, "progressDeadlineSeconds": 60,
              "strategy": {"canary": {"maxSurge": 2, "maxUnavailable": "0%", "scaleDownDelaySeconds": 0, "abortScaleDownDelaySeconds": 5,
                "trafficRouting": {"nginx": {"annotationPrefix": "custom.nginx.org"}}}}}}
            """));

        var spec = rollout.Spec!;
        var canary = spec.Strategy!.Canary!;
        Assert.Equal((0, -3, 60), (spec.Replicas, spec.RevisionHistoryLimit, spec.ProgressDeadlineSeconds));
        Assert.Equal((IntOrString.FromNumber(2), IntOrString.FromText("0%")), (canary.MaxSurge, canary.MaxUnavailable));
        Assert.Equal((0, 5), (canary.ScaleDownDelaySeconds, canary.AbortScaleDownDelaySeconds));
        Assert.Equal("custom.nginx.org", canary.TrafficRouting!.Nginx!.AnnotationPrefix);
    }

    [Fact]
    public void Blue_green_gets_argo_defaults_and_keeps_what_is_written()
    {
        var bare = RolloutDefaulting.Apply(RolloutJson.With("""{"spec": {"strategy": {"canary": null, "blueGreen": {"activeService": "web"}}}}"""));
        var written = RolloutDefaulting.Apply(RolloutJson.With("""
            {"spec": {"strategy": {"canary": null, "blueGreen": {"activeService": "web", "autoPromotionEnabled": false,
              "maxUnavailable": 1, "scaleDownDelaySeconds": 0, "abortScaleDownDelaySeconds": 5}}}}
            """));

        var defaulted = bare.Spec!.Strategy!.BlueGreen!;
        Assert.Equal((true, IntOrString.FromNumber(0), 30, 30),
            (defaulted.AutoPromotionEnabled, defaulted.MaxUnavailable, defaulted.ScaleDownDelaySeconds, defaulted.AbortScaleDownDelaySeconds));
        Assert.Null(defaulted.PreviewReplicaCount);
        Assert.Null(bare.Spec.Strategy.Canary);
        var kept = written.Spec!.Strategy!.BlueGreen!;
        Assert.Equal((false, IntOrString.FromNumber(1), 0, 5),
            (kept.AutoPromotionEnabled, kept.MaxUnavailable, kept.ScaleDownDelaySeconds, kept.AbortScaleDownDelaySeconds));
        Assert.Equal(bare, RolloutDefaulting.Apply(bare));
    }

    [Fact]
    public void Dynamic_stable_scale_has_no_scale_down_delay()
    {
        var rollout = RolloutDefaulting.Apply(RolloutJson.With("""{"spec": {"strategy": {"canary": {"dynamicStableScale": true}}}}"""));

        Assert.Equal(0, rollout.Spec!.Strategy!.Canary!.ScaleDownDelaySeconds);
    }

    [Fact]
    public void Applying_twice_changes_nothing_more()
    {
        var once = RolloutDefaulting.Apply(RolloutJson.With(Bare));

        Assert.Equal(once, RolloutDefaulting.Apply(once));
    }

    [Fact]
    public void The_input_is_left_as_it_was()
    {
        var rollout = RolloutJson.With(Bare);
        var before = RolloutJson.Write(rollout).ToJsonString();

        RolloutDefaulting.Apply(rollout);

        Assert.Equal(before, RolloutJson.Write(rollout).ToJsonString());
    }

    [Fact]
    public void Without_routing_or_canary_only_what_exists_is_defaulted()
    {
        var noRouting = RolloutDefaulting.Apply(RolloutJson.With("""{"spec": {"strategy": {"canary": {"trafficRouting": null}}}}"""));
        var noStrategy = RolloutDefaulting.Apply(RolloutJson.With("""{"spec": {"strategy": null}}"""));
        var noSpec = RolloutJson.With("""{"spec": null}""");

        Assert.Null(noRouting.Spec!.Strategy!.Canary!.TrafficRouting);
        Assert.Null(noStrategy.Spec!.Strategy);
        Assert.Equal(600, noStrategy.Spec.ProgressDeadlineSeconds);
        Assert.Same(noSpec, RolloutDefaulting.Apply(noSpec));
    }

    [Fact]
    public void Unknown_fields_survive_defaulting()
    {
        var rollout = RolloutDefaulting.Apply(RolloutJson.With("""{"spec": {"strategy": {"canary": {"future": 1}}}}"""));

        Assert.Equal(1, (int)RolloutJson.Write(rollout)["spec"]!["strategy"]!["canary"]!["future"]!);
    }
}
