using Rollouts.Api.Common;
using Rollouts.Api.Rollouts;

namespace Rollouts.Api.Tests.Rollouts;

public sealed class RolloutValidationTests
{
    private const string Canary = """{"spec": {"strategy": {"canary": """;
    private const string BlueGreen = """{"spec": {"strategy": {"canary": null, "blueGreen": """;
    private const string End = "}}}";

    /// <summary>A change to a valid Rollout, and every problem it makes, as "field Reason".</summary>
    public static TheoryData<string, string[]> Cases => new()
    {
        // spec
        { """{"spec": {"replicas": -1}}""", ["spec.replicas OutOfRange"] },
        { """{"spec": {"minReadySeconds": -1}}""", ["spec.minReadySeconds OutOfRange"] },
        { """{"spec": {"revisionHistoryLimit": -1}}""", ["spec.revisionHistoryLimit OutOfRange"] },
        { """{"spec": {"minReadySeconds": 30, "progressDeadlineSeconds": 30}}""", ["spec.progressDeadlineSeconds Conflict"] },
        { """{"spec": {"minReadySeconds": 600}}""", ["spec.progressDeadlineSeconds Conflict"] },
        { """{"spec": null}""", ["spec Required"] },
        { """{"apiVersion": "argoproj.io/v1alpha1"}""", ["apiVersion NotSupported"] },
        { """{"spec": {"workloadRef": {"kind": "Deployment"}}}""", ["spec.workloadRef NotSupported"] },
        { """{"spec": {"replica": 3}}""", ["spec.replica UnknownField"] },
        { """{"spec": {"rollbackWindow": {"revisions": 3}}}""", [] },
        { """{"spec": {"rollbackWindow": {"revisions": 0}}}""", [] },
        { """{"spec": {"rollbackWindow": {"revisions": -1}}}""", ["spec.rollbackWindow.revisions OutOfRange"] },
        { """{"spec": {"rollbackWindow": {"revision": 2}}}""", ["spec.rollbackWindow.revision UnknownField"] },
        { """{"spec": {"analysis": {"successfulRunHistoryLimit": 0, "unsuccessfulRunHistoryLimit": 10}}}""", [] },
        { """{"spec": {"analysis": {"successfulRunHistoryLimit": -1}}}""", ["spec.analysis.successfulRunHistoryLimit OutOfRange"] },
        { """{"spec": {"analysis": {"unsuccessfulRunHistoryLimit": -2}}}""", ["spec.analysis.unsuccessfulRunHistoryLimit OutOfRange"] },
        { """{"spec": {"analysis": {"successfulRunHistory": 3}}}""", ["spec.analysis.successfulRunHistory UnknownField"] },

        // selector and template
        { """{"spec": {"selector": null}}""", ["spec.selector Required"] },
        { """{"spec": {"template": null}}""", ["spec.template Required"] },
        { """{"spec": {"selector": {"matchLabels": {"app": "api"}}}}""", ["spec.template.metadata.labels SelectorMismatch"] },
        { """{"spec": {"template": {"metadata": null}}}""", ["spec.template.metadata.labels SelectorMismatch"] },
        { """{"spec": {"selector": {"matchLabels": null}}}""", ["spec.selector Invalid"] },
        { """{"spec": {"selector": {"matchLabels": null, "matchExpressions": [{"key": "app", "operator": "In", "values": ["web", "api"]}]}}}""", [] },
        { """{"spec": {"selector": {"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}}}""", [] },
        { """{"spec": {"selector": {"matchExpressions": [{"key": "tier", "operator": "Exists"}]}}}""", ["spec.template.metadata.labels SelectorMismatch"] },
        { """{"spec": {"selector": {"matchExpressions": [{"key": "app", "operator": "Equals", "values": ["web"]}]}}}""", ["spec.selector.matchExpressions[0].operator InvalidFormat"] },
        { """{"spec": {"selector": {"matchExpressions": [{"key": "app", "operator": "In"}]}}}""", ["spec.selector.matchExpressions[0].values Required"] },
        { """{"spec": {"selector": {"matchLabel": {"app": "web"}}}}""", ["spec.selector.matchLabel UnknownField"] },
        { """{"spec": {"template": {"spec": {"containers": []}}}}""", ["spec.template.spec.containers Required"] },
        { """{"spec": {"template": {"spec": {"containers": [{"name": "web"}]}}}}""", ["spec.template.spec.containers[0].image Required"] },

        // strategy
        { """{"spec": {"strategy": null}}""", ["spec.strategy Required"] },
        { """{"spec": {"strategy": {"canary": null}}}""", ["spec.strategy Required"] },
        { """{"spec": {"strategy": {"canary": null, "blueGreen": {"activeService": "web"}}}}""", [] },
        { """{"spec": {"strategy": {"blueGreen": {"activeService": "web"}}}}""", ["spec.strategy ExactlyOneOf"] },

        // blue-green
        { BlueGreen + """{"activeService": "web", "previewService": "web-preview", "previewReplicaCount": 1, "autoPromotionEnabled": false, "scaleDownDelaySeconds": 60, "scaleDownDelayRevisionLimit": 1, "abortScaleDownDelaySeconds": 0, "maxUnavailable": "50%", "prePromotionAnalysis": {"templates": [{"templateName": "smoke"}]}, "postPromotionAnalysis": {"templates": [{"templateName": "success-rate"}]}, "previewMetadata": {"labels": {"role": "preview"}}, "activeMetadata": {"labels": {"role": "active"}}}""" + End, [] },
        { BlueGreen + """{}""" + End, ["spec.strategy.blueGreen.activeService Required"] },
        { BlueGreen + """{"activeService": "web", "previewService": "web"}""" + End, ["spec.strategy.blueGreen.previewService Conflict"] },
        { BlueGreen + """{"activeService": "web", "previewReplicaCount": -1}""" + End, ["spec.strategy.blueGreen.previewReplicaCount OutOfRange"] },
        { BlueGreen + """{"activeService": "web", "autoPromotionSeconds": -5}""" + End, ["spec.strategy.blueGreen.autoPromotionSeconds OutOfRange"] },
        { BlueGreen + """{"activeService": "web", "autoPromotionEnabled": false, "autoPromotionSeconds": 30}""" + End, ["spec.strategy.blueGreen.autoPromotionSeconds Conflict"] },
        { BlueGreen + """{"activeService": "web", "scaleDownDelaySeconds": -1}""" + End, ["spec.strategy.blueGreen.scaleDownDelaySeconds OutOfRange"] },
        { BlueGreen + """{"activeService": "web", "scaleDownDelayRevisionLimit": -1}""" + End, ["spec.strategy.blueGreen.scaleDownDelayRevisionLimit OutOfRange"] },
        { BlueGreen + """{"activeService": "web", "abortScaleDownDelaySeconds": -1}""" + End, ["spec.strategy.blueGreen.abortScaleDownDelaySeconds OutOfRange"] },
        { BlueGreen + """{"activeService": "web", "maxUnavailable": "150%"}""" + End, ["spec.strategy.blueGreen.maxUnavailable OutOfRange"] },
        { BlueGreen + """{"activeService": "web", "prePromotionAnalysis": {"templates": []}}""" + End, ["spec.strategy.blueGreen.prePromotionAnalysis.templates Required"] },
        { BlueGreen + """{"activeService": "web", "postPromotionAnalysis": {"templates": [{}]}}""" + End, ["spec.strategy.blueGreen.postPromotionAnalysis.templates[0].templateName Required"] },
        { BlueGreen + """{"activeService": "web", "previewMetadata": {"labels": {"rollouts-pod-template-hash": "x"}}}""" + End, ["spec.strategy.blueGreen.previewMetadata.labels[rollouts-pod-template-hash] Invalid"] },
        { BlueGreen + """{"activeService": "web", "antiAffinity": {}}""" + End, ["spec.strategy.blueGreen.antiAffinity NotSupported"] },
        { BlueGreen + """{"activeService": "web", "activeServce": "x"}""" + End, ["spec.strategy.blueGreen.activeServce UnknownField"] },
        { """{"spec": {"strategy": {"rolling": {}}}}""", ["spec.strategy.rolling UnknownField"] },

        // steps
        { Canary + """{"steps": [{"setWeight": 150}]}""" + End, ["spec.strategy.canary.steps[0].setWeight OutOfRange"] },
        { Canary + """{"steps": [{"setWeight": -1}]}""" + End, ["spec.strategy.canary.steps[0].setWeight OutOfRange"] },
        { Canary + """{"steps": [{"setWeight": 0}, {"setWeight": 100}]}""" + End, [] },
        { Canary + """{"steps": [{}]}""" + End, ["spec.strategy.canary.steps[0] ExactlyOneOf"] },
        { Canary + """{"steps": [{"setWeight": 20, "pause": {}}]}""" + End, ["spec.strategy.canary.steps[0] ExactlyOneOf"] },
        { Canary + """{"steps": [{"setWieght": 20}]}""" + End, ["spec.strategy.canary.steps[0].setWieght UnknownField"] },
        { Canary + """{"steps": [{"experiment": {}}]}""" + End, ["spec.strategy.canary.steps[0].experiment NotSupported"] },
        { Canary + """{"steps": [{"pause": {"duration": "5x"}}]}""" + End, ["spec.strategy.canary.steps[0].pause.duration InvalidFormat"] },
        { Canary + """{"steps": [{"pause": {"duration": "-5s"}}]}""" + End, ["spec.strategy.canary.steps[0].pause.duration OutOfRange"] },
        { Canary + """{"steps": [{"pause": {"duration": -5}}]}""" + End, ["spec.strategy.canary.steps[0].pause.duration OutOfRange"] },
        { Canary + """{"steps": [{"pause": {"duration": 30}}, {"pause": {"duration": "30"}}, {"pause": {"duration": "1h30m"}}]}""" + End, [] },
        { Canary + """{"steps": [{"pause": {"durationSeconds": 30}}]}""" + End, ["spec.strategy.canary.steps[0].pause.durationSeconds UnknownField"] },

        // setCanaryScale
        { Canary + """{"steps": [{"setCanaryScale": {"weight": 120}}]}""" + End, ["spec.strategy.canary.steps[0].setCanaryScale.weight OutOfRange"] },
        { Canary + """{"steps": [{"setCanaryScale": {"replicas": -1}}]}""" + End, ["spec.strategy.canary.steps[0].setCanaryScale.replicas OutOfRange"] },
        { Canary + """{"steps": [{"setCanaryScale": {}}]}""" + End, ["spec.strategy.canary.steps[0].setCanaryScale ExactlyOneOf"] },
        { Canary + """{"steps": [{"setCanaryScale": {"weight": 10, "replicas": 2}}]}""" + End, ["spec.strategy.canary.steps[0].setCanaryScale ExactlyOneOf"] },
        { Canary + """{"steps": [{"setCanaryScale": {"matchTrafficWeight": true}}]}""" + End, [] },
        { Canary + """{"trafficRouting": null, "steps": [{"setCanaryScale": {"replicas": 1}}]}""" + End, ["spec.strategy.canary.steps[0].setCanaryScale Conflict"] },

        // analysis
        { Canary + """{"steps": [{"analysis": {"templates": [{"templateName": "success-rate"}], "args": [{"name": "service", "value": "web"}]}}]}""" + End, [] },
        { Canary + """{"steps": [{"analysis": {}}]}""" + End, ["spec.strategy.canary.steps[0].analysis.templates Required"] },
        { Canary + """{"steps": [{"analysis": {"templates": [{}]}}]}""" + End, ["spec.strategy.canary.steps[0].analysis.templates[0].templateName Required"] },
        { Canary + """{"steps": [{"analysis": {"templates": [{"templateName": "sr"}], "args": [{"value": "x"}]}}]}""" + End, ["spec.strategy.canary.steps[0].analysis.args[0].name Required"] },
        { Canary + """{"steps": [{"analysis": {"templates": [{"templateName": "sr"}], "startingStep": 1}}]}""" + End, ["spec.strategy.canary.steps[0].analysis.startingStep NotSupported"] },
        { Canary + """{"analysis": {"templates": [{"templateName": "sr"}], "startingStep": 3}}""" + End, [] },
        { Canary + """{"analysis": {"templates": [{"templateName": "sr"}], "startingStep": 4}}""" + End, ["spec.strategy.canary.analysis.startingStep OutOfRange"] },
        { Canary + """{"analysis": {"templates": [{"templateName": "sr"}], "startingStep": 0}, "steps": null}""" + End, ["spec.strategy.canary.analysis.startingStep OutOfRange"] },

        // services
        { Canary + """{"canaryService": null}""" + End, ["spec.strategy.canary.canaryService Required"] },
        { Canary + """{"stableService": ""}""" + End, ["spec.strategy.canary.stableService Required"] },
        { Canary + """{"canaryService": "web-stable"}""" + End, ["spec.strategy.canary.stableService Conflict"] },
        { Canary + """{"canaryService": null, "stableService": null, "trafficRouting": null}""" + End, [] },

        // nginx
        { Canary + """{"canaryService": null, "stableService": null}""" + End,
            ["spec.strategy.canary.stableService Required", "spec.strategy.canary.canaryService Required"] },
        { Canary + """{"trafficRouting": {"nginx": {"stableIngress": null}}}""" + End, ["spec.strategy.canary.trafficRouting.nginx.stableIngress Required"] },
        { Canary + """{"trafficRouting": {"nginx": {"stableIngresses": ["web", "api"]}}}""" + End, ["spec.strategy.canary.trafficRouting.nginx ExactlyOneOf"] },
        { Canary + """{"trafficRouting": {"nginx": {"stableIngress": null, "stableIngresses": ["web", "api"]}}}""" + End, [] },
        { Canary + """{"trafficRouting": {"nginx": {"stableIngress": null, "stableIngresses": ["web", "web"]}}}""" + End, ["spec.strategy.canary.trafficRouting.nginx.stableIngresses[1] Conflict"] },
        { Canary + """{"trafficRouting": {"nginx": {"annotationPrefix": ""}}}""" + End, ["spec.strategy.canary.trafficRouting.nginx.annotationPrefix Invalid"] },
        { Canary + """{"trafficRouting": {"nginx": {"additionalIngressAnnotations": {"canary-weight": "5", "canary-by-header": "x"}}}}""" + End,
            ["spec.strategy.canary.trafficRouting.nginx.additionalIngressAnnotations[canary-weight] Invalid"] },
        { Canary + """{"trafficRouting": {"nginx": null}}""" + End, ["spec.strategy.canary.trafficRouting.nginx Required"] },
        { Canary + """{"trafficRouting": {"nginx": null, "istio": {}}}""" + End, ["spec.strategy.canary.trafficRouting.istio NotSupported"] },
        // gateway API
        { Canary + """{"trafficRouting": {"nginx": null, "gatewayAPI": {"httpRoute": "web"}}}""" + End, [] },
        { Canary + """{"trafficRouting": {"nginx": null, "gatewayAPI": {"httpRoutes": [{"name": "web"}, {"name": "api", "useHeaderRoutes": false}]}}}""" + End, [] },
        { Canary + """{"trafficRouting": {"nginx": null, "plugins": {"argoproj-labs/gatewayAPI": {"httpRoute": "web", "namespace": "edge"}}}}""" + End, [] },
        { Canary + """{"trafficRouting": {"gatewayAPI": {"httpRoute": "web"}}}""" + End, ["spec.strategy.canary.trafficRouting.gatewayAPI Conflict"] },
        { Canary + """{"trafficRouting": {"nginx": null, "gatewayAPI": {}}}""" + End, ["spec.strategy.canary.trafficRouting.gatewayAPI.httpRoute Required"] },
        { Canary + """{"trafficRouting": {"nginx": null, "gatewayAPI": {"httpRoute": "web", "httpRoutes": [{"name": "api"}]}}}""" + End, ["spec.strategy.canary.trafficRouting.gatewayAPI ExactlyOneOf"] },
        { Canary + """{"trafficRouting": {"nginx": null, "gatewayAPI": {"httpRoutes": [{"name": "web"}, {"name": "web"}, {}]}}}""" + End,
            ["spec.strategy.canary.trafficRouting.gatewayAPI.httpRoutes[1].name Conflict", "spec.strategy.canary.trafficRouting.gatewayAPI.httpRoutes[2].name Required"] },
        { Canary + """{"trafficRouting": {"nginx": null, "gatewayAPI": {"httpRoute": "web", "grpcRoute": "g"}}}""" + End, ["spec.strategy.canary.trafficRouting.gatewayAPI.grpcRoute NotSupported"] },
        { Canary + """{"trafficRouting": {"nginx": null, "plugins": {"argoproj-labs/gatewayAPI": {"httpRoute": "web"}}, "gatewayAPI": {"httpRoute": "web"}}}""" + End,
            ["spec.strategy.canary.trafficRouting.plugins[argoproj-labs/gatewayAPI] Conflict"] },
        { Canary + """{"trafficRouting": {"nginx": null, "plugins": {"argoproj-labs/gatewayAPI": "web"}}}""" + End, ["spec.strategy.canary.trafficRouting.plugins[argoproj-labs/gatewayAPI] Invalid"] },
        { Canary + """{"trafficRouting": {"nginx": null, "plugins": {"acme/router": {}}}}""" + End, ["spec.strategy.canary.trafficRouting.plugins[acme/router] NotSupported"] },
        // header routes
        { Canary + """{"trafficRouting": {"managedRoutes": [{"name": "beta"}]}, "steps": [{"setHeaderRoute": {"name": "beta", "match": [{"headerName": "x-beta", "headerValue": {"exact": "1"}}]}}]}""" + End, [] },
        { Canary + """{"trafficRouting": {"managedRoutes": [{"name": "beta"}]}, "steps": [{"setHeaderRoute": {"name": "alpha", "match": [{"headerName": "x-beta", "headerValue": {"exact": "1"}}]}}]}""" + End,
            ["spec.strategy.canary.steps[0].setHeaderRoute.name Invalid"] },
        { Canary + """{"trafficRouting": {"managedRoutes": [{"name": "beta"}]}, "steps": [{"setHeaderRoute": {"name": "beta", "match": [{"headerValue": {"exact": "1", "prefix": "1"}}]}}]}""" + End,
            ["spec.strategy.canary.steps[0].setHeaderRoute.match[0].headerName Required", "spec.strategy.canary.steps[0].setHeaderRoute.match[0].headerValue ExactlyOneOf"] },
        { Canary + """{"trafficRouting": {"managedRoutes": [{"name": "beta"}]}, "steps": [{"setHeaderRoute": {"name": "beta", "match": [{"headerName": "x", "headerValue": {"regex": "("}}]}}]}""" + End,
            ["spec.strategy.canary.steps[0].setHeaderRoute.match[0].headerValue.regex InvalidFormat"] },
        { Canary + """{"trafficRouting": {"managedRoutes": [{"name": "beta"}]}, "steps": [{"setHeaderRoute": {"name": "beta", "match": [{"headerName": "x", "headerValue": {"exact": "1"}}, {"headerName": "y", "headerValue": {"exact": "1"}}]}}]}""" + End,
            ["spec.strategy.canary.steps[0].setHeaderRoute.match NotSupported"] },
        { Canary + """{"trafficRouting": {"managedRoutes": [{"name": "a"}, {"name": "b"}]}, "steps": [{"setHeaderRoute": {"name": "a"}}]}""" + End,
            ["spec.strategy.canary.trafficRouting.managedRoutes NotSupported"] },
        { Canary + """{"trafficRouting": {"managedRoutes": [{"name": "a"}, {"name": "a"}]}, "steps": [{"setHeaderRoute": {"name": "a"}}]}""" + End,
            ["spec.strategy.canary.trafficRouting.managedRoutes[1].name Conflict", "spec.strategy.canary.trafficRouting.managedRoutes NotSupported"] },
        { Canary + """{"trafficRouting": {"managedRoutes": [{"name": "beta"}]}}""" + End, ["spec.strategy.canary.trafficRouting.managedRoutes Invalid"] },
        { Canary + """{"trafficRouting": null, "steps": [{"setHeaderRoute": {"name": "beta"}}]}""" + End, ["spec.strategy.canary.steps[0].setHeaderRoute Conflict"] },
        { Canary + """{"trafficRouting": {"managedRoutes": [{"name": "beta"}], "nginx": {"additionalIngressAnnotations": {"canary-by-header": "x"}}}, "steps": [{"setHeaderRoute": {"name": "beta"}}]}""" + End,
            ["spec.strategy.canary.trafficRouting.nginx.additionalIngressAnnotations[canary-by-header] Conflict"] },

        // surge, delays
        { Canary + """{"maxSurge": "a lot"}""" + End, ["spec.strategy.canary.maxSurge InvalidFormat"] },
        { Canary + """{"maxSurge": "1"}""" + End, ["spec.strategy.canary.maxSurge InvalidFormat"] },
        { Canary + """{"maxSurge": -1}""" + End, ["spec.strategy.canary.maxSurge OutOfRange"] },
        { Canary + """{"maxUnavailable": "150%"}""" + End, ["spec.strategy.canary.maxUnavailable OutOfRange"] },
        { Canary + """{"maxSurge": "150%", "maxUnavailable": 0}""" + End, [] },
        { Canary + """{"maxSurge": 0, "maxUnavailable": "0%"}""" + End, ["spec.strategy.canary.maxSurge Conflict"] },
        { Canary + """{"maxUnavailable": 0}""" + End, [] },
        { Canary + """{"scaleDownDelaySeconds": -1}""" + End, ["spec.strategy.canary.scaleDownDelaySeconds OutOfRange"] },
        { Canary + """{"abortScaleDownDelaySeconds": -1}""" + End, ["spec.strategy.canary.abortScaleDownDelaySeconds OutOfRange"] },
        { Canary + """{"dynamicStableScale": true}""" + End, [] },
        { Canary + """{"dynamicStableScale": true, "scaleDownDelaySeconds": 30}""" + End, ["spec.strategy.canary.dynamicStableScale Conflict"] },
        { Canary + """{"dynamicStableScale": true, "trafficRouting": null}""" + End, ["spec.strategy.canary.dynamicStableScale Conflict"] },
        { Canary + """{"canaryMetadata": {"labels": {"role": "canary", "rollouts-pod-template-hash": "x"}}}""" + End,
            ["spec.strategy.canary.canaryMetadata.labels[rollouts-pod-template-hash] Invalid"] },
        { Canary + """{"pingPong": {}}""" + End, ["spec.strategy.canary.pingPong NotSupported"] },
    };

    [Fact]
    public void A_rollout_as_users_write_it_is_valid() => Assert.Empty(RolloutValidation.Validate(RolloutJson.Read(RolloutJson.Valid)));

    [Fact]
    public void The_sample_rollout_is_valid()
    {
        var sample = RolloutJson.Read(SampleDocuments.Rollout("canary-nginx.yaml").ToJsonString());

        Assert.Empty(RolloutValidation.Validate(sample));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_each_problem_at_its_field(string change, string[] problems)
    {
        var errors = RolloutValidation.Validate(RolloutJson.With(change));

        Assert.Equal(problems, errors.Select(e => $"{e.Field} {e.Reason}"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Defaults_change_no_answer(string change, string[] problems)
    {
        var rollout = RolloutJson.With(change);

        var errors = RolloutValidation.Validate(RolloutDefaulting.Apply(rollout));

        Assert.Equal(problems, errors.Select(e => $"{e.Field} {e.Reason}"));
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var rollout = RolloutJson.With("""
            {"spec": {"replicas": -1, "selector": {"matchLabels": {"app": "api"}},
             "strategy": {"canary": {"canaryService": "web-stable", "maxSurge": 0, "maxUnavailable": 0,
               "steps": [{"setWeight": 150}, {"pause": {"duration": "5x"}}, {"setWieght": 50}, {"analysis": {"templates": []}}]}}}}
            """);

        var errors = RolloutValidation.Validate(rollout);

        Assert.Equal(
            [
                "spec.replicas",
                "spec.template.metadata.labels",
                "spec.strategy.canary.stableService",
                "spec.strategy.canary.maxSurge",
                "spec.strategy.canary.steps[0].setWeight",
                "spec.strategy.canary.steps[1].pause.duration",
                "spec.strategy.canary.steps[2].setWieght",
                "spec.strategy.canary.steps[3].analysis.templates",
            ],
            errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("""{"steps": [{"setWeight": 150}]}""",
        "spec.strategy.canary.steps[0].setWeight: weight 150 is out of range; it must be between 0 and 100")]
    [InlineData("""{"steps": [{"pause": {"duration": "5x"}}]}""",
        "spec.strategy.canary.steps[0].pause.duration: \"5x\" is not a duration: unknown unit \"x\"; write whole seconds (30) or numbers with units h, m, s or ms (30s, 5m, 1h30m, 500ms)")]
    [InlineData("""{"steps": [{"setWieght": 20}]}""",
        "spec.strategy.canary.steps[0].setWieght: unknown step kind \"setWieght\" (did you mean \"setWeight\"?); known: setWeight, pause, setCanaryScale, analysis, setHeaderRoute")]
    [InlineData("""{"steps": [{"experiment": {}}]}""",
        "spec.strategy.canary.steps[0].experiment: step kind \"experiment\" is not supported yet; a step is one of setWeight, pause, setCanaryScale, analysis or setHeaderRoute")]
    [InlineData("""{"steps": [{"setWeight": 20, "pause": {}}]}""",
        "spec.strategy.canary.steps[0]: the step has setWeight and pause; a step has exactly one of setWeight, pause, setCanaryScale, analysis or setHeaderRoute, so write one step for each")]
    [InlineData("""{"canaryService": "web-stable"}""",
        "spec.strategy.canary.stableService: stableService and canaryService are both \"web-stable\"; they must name two different services")]
    [InlineData("""{"maxSurge": 0, "maxUnavailable": 0}""",
        "spec.strategy.canary.maxSurge: maxSurge (0) and maxUnavailable (0) are both zero; at least one must be above zero for pods to be replaced")]
    public void Messages_name_the_bad_value_and_what_is_allowed(string canaryChange, string message)
    {
        var error = Assert.Single(RolloutValidation.Validate(RolloutJson.With(Canary + canaryChange + End)));

        Assert.Equal(message, error.ToString());
    }

    [Fact]
    public void Blue_green_without_an_active_service_says_what_it_is_for()
    {
        var error = Assert.Single(RolloutValidation.Validate(RolloutJson.With(BlueGreen + "{}" + End)));

        Assert.Equal("spec.strategy.blueGreen.activeService: blue-green needs the service that takes production traffic: the operator points its selector at the promoted version", error.ToString());
    }

    [Fact]
    public void Two_strategies_are_refused_at_the_strategy()
    {
        var error = Assert.Single(RolloutValidation.Validate(RolloutJson.With("""{"spec": {"strategy": {"blueGreen": {"activeService": "web"}}}}""")));

        Assert.Equal("spec.strategy: the strategy has both canary and blueGreen; a Rollout has exactly one strategy, so remove one of them", error.ToString());
    }

    [Fact]
    public void A_selector_that_misses_the_template_says_both()
    {
        var error = Assert.Single(RolloutValidation.Validate(RolloutJson.With("""{"spec": {"selector": {"matchLabels": {"app": "api"}}}}""")));

        Assert.Equal(
            "spec.template.metadata.labels: the selector (app=api) does not select the template's labels (app=web); the pods a Rollout creates must match its selector",
            error.ToString());
    }

    [Fact]
    public void A_deadline_left_to_its_default_says_so()
    {
        var error = Assert.Single(RolloutValidation.Validate(RolloutJson.With("""{"spec": {"minReadySeconds": 600}}""")));

        Assert.Equal("progressDeadlineSeconds is 600 (the default); it must be greater than minReadySeconds (600)", error.Message);
    }

    [Fact]
    public void The_InvalidSpec_message_lists_every_error()
    {
        ValidationError[] errors =
        [
            new("spec.replicas", ValidationReason.OutOfRange, "replicas is -1; it must be 0 or more"),
            new("spec.strategy", ValidationReason.Required, "a Rollout needs a strategy"),
        ];

        Assert.Equal(
            "The Rollout is invalid: spec.replicas: replicas is -1; it must be 0 or more; spec.strategy: a Rollout needs a strategy",
            RolloutValidation.InvalidSpecMessage(errors));
    }
}
