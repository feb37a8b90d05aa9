using System.Text.Json.Nodes;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Api.Tests.Rollouts;

/// <summary>Rollouts as users write them (YAML) read into the types and written back without losing anything.</summary>
public sealed class RolloutSerializationTests
{
    /// <summary>Every field of the list, each set once.</summary>
    private const string EveryField = """
        apiVersion: rollouts.dev/v1alpha1
        kind: Rollout
        metadata: {name: web, namespace: shop, labels: {team: a}}
        spec:
          replicas: 5
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: "web:1.1"}]}
          minReadySeconds: 10
          revisionHistoryLimit: 3
          paused: false
          progressDeadlineSeconds: 300
          progressDeadlineAbort: true
          restartAt: "2024-05-01T12:00:00Z"
          strategy:
            canary:
              canaryService: web-canary
              stableService: web-stable
              maxSurge: "20%"
              maxUnavailable: 1
              scaleDownDelaySeconds: 60
              abortScaleDownDelaySeconds: 0
              dynamicStableScale: false
              canaryMetadata: {labels: {role: canary}, annotations: {note: c}}
              stableMetadata: {labels: {role: stable}}
              trafficRouting:
                nginx:
                  stableIngress: web
                  annotationPrefix: custom.nginx.org
                  additionalIngressAnnotations: {canary-by-header: X-Canary}
              analysis:
                templates: [{templateName: success-rate}, {templateName: latency, clusterScope: true}]
                args: [{name: service, value: web}, {name: hash, valueFrom: {podTemplateHashValue: Latest}}]
                startingStep: 1
              steps:
              - setWeight: 20
              - pause: {duration: 5m}
              - pause: {duration: 30}
              - setCanaryScale: {replicas: 2}
              - setCanaryScale: {weight: 40}
              - setCanaryScale: {matchTrafficWeight: true}
              - analysis: {templates: [{templateName: success-rate}]}
              - pause: {}
        status:
          phase: Paused
          currentStepIndex: 1
          stableRS: abc
          canary: {weights: {canary: {weight: 20, podTemplateHash: def, serviceName: web-canary}, verified: true}}
          conditions: [{type: Progressing, status: "True", reason: RolloutPaused, lastTransitionTime: "2024-05-01T12:00:00Z"}]
        """;

    [Fact]
    public void The_sample_reads_into_the_types_and_writes_back_the_same()
    {
        var written = SampleDocuments.Rollout("canary-nginx.yaml");

        var rollout = RolloutJson.Read(written.ToJsonString());

        Assert.True(JsonNode.DeepEquals(written, RolloutJson.Write(rollout)), RolloutJson.Write(rollout).ToJsonString());
        Assert.Equal("web-stable", rollout.Spec!.Strategy!.Canary!.StableService);
        Assert.Equal(IntOrString.FromText("30s"), rollout.Spec.Strategy.Canary.Steps![1].Pause!.Duration);
    }

    [Fact]
    public void Every_supported_field_has_a_typed_property()
    {
        var rollout = RolloutJson.Read(YamlToJson.Parse(EveryField)!.ToJsonString());

        Assert.Empty(UnknownFieldsIn(rollout.Spec!));
        var canary = rollout.Spec!.Strategy!.Canary!;
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), rollout.Spec.RestartAt);
        Assert.Equal(IntOrString.FromNumber(1), canary.MaxUnavailable);
        Assert.Equal("X-Canary", canary.TrafficRouting!.Nginx!.AdditionalIngressAnnotations!["canary-by-header"]);
        Assert.Equal(1, canary.Analysis!.StartingStep);
        Assert.Equal(IntOrString.FromNumber(30), canary.Steps![2].Pause!.Duration);
        Assert.Equal(20, rollout.Status!.Canary!.Weights!.Canary!.Weight);
    }

    [Fact]
    public void A_rollout_using_every_field_is_valid() =>
        Assert.Empty(RolloutValidation.Validate(RolloutJson.Read(YamlToJson.Parse(EveryField)!.ToJsonString())));

    [Fact]
    public void Every_supported_field_writes_back_as_it_was_read()
    {
        var written = YamlToJson.Parse(EveryField)!;

        var rollout = RolloutJson.Read(written.ToJsonString());

        Assert.True(JsonNode.DeepEquals(written, RolloutJson.Write(rollout)), RolloutJson.Write(rollout).ToJsonString());
    }

    [Fact]
    public void Fields_the_types_do_not_know_are_kept_where_they_were()
    {
        var written = YamlToJson.Parse(EveryField)!;
        written["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"] = 5;
        written["spec"]!["strategy"]!["canary"]!["steps"]![0]!["futureStep"] = new JsonObject { ["x"] = 1 };
        written["spec"]!["strategy"]!["canary"]!["trafficRouting"]!["istio"] = new JsonObject();
        written["status"]!["HPAReplicas"] = 5;
        written["futureTopLevel"] = "kept";

        var rollout = RolloutJson.Read(written.ToJsonString());

        Assert.True(JsonNode.DeepEquals(written, RolloutJson.Write(rollout)), RolloutJson.Write(rollout).ToJsonString());
    }

    private static IEnumerable<string> UnknownFieldsIn(RolloutSpec spec)
    {
        var canary = spec.Strategy!.Canary!;
        IEnumerable<IDictionary<string, System.Text.Json.JsonElement>?> all =
        [
            spec.UnknownFields, spec.Strategy.UnknownFields, canary.UnknownFields, canary.TrafficRouting!.UnknownFields,
            canary.TrafficRouting.Nginx!.UnknownFields, canary.Analysis!.UnknownFields, canary.CanaryMetadata!.UnknownFields,
            .. canary.Analysis.Templates!.Select(t => t.UnknownFields), .. canary.Analysis.Args!.Select(a => a.UnknownFields),
            .. canary.Steps!.Select(s => s.UnknownFields), .. canary.Steps!.Select(s => s.Pause?.UnknownFields),
            .. canary.Steps!.Select(s => s.SetCanaryScale?.UnknownFields),
        ];
        return all.SelectMany(fields => fields?.Keys ?? []);
    }
}
