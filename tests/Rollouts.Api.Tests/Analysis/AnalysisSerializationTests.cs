using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Api.Tests.Analysis;

/// <summary>Analysis resources as users write them (YAML) read into the types and written back without losing anything.</summary>
public sealed class AnalysisSerializationTests
{
    /// <summary>Every field of a template, each set once.</summary>
    private const string EveryField = """
        apiVersion: rollouts.dev/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: checks, namespace: shop}
        spec:
          args:
          - {name: service-name, value: web}
          - {name: canary-hash, valueFrom: {podTemplateHashValue: Latest}}
          - {name: app, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
          - {name: tenant, valueFrom: {secretKeyRef: {name: prom, key: tenant}}}
          - {name: threshold}
          metrics:
          - name: success-rate
            interval: 1m
            initialDelay: 30s
            count: 5
            successCondition: "result[0] >= {{args.threshold}}"
            failureCondition: "result[0] < 0.5"
            failureLimit: 1
            inconclusiveLimit: 2
            consecutiveErrorLimit: 3
            missingData: {empty: Error, nan: Failed}
            provider:
              prometheus:
                address: "https://prometheus:9090"
                query: "sum(rate(requests{service=\"{{args.service-name}}\"}[1m]))"
                timeout: 30s
                headers: [{key: X-Scope-OrgID, value: "{{args.tenant}}"}]
                authentication: {bearer: {secretKeyRef: {name: prom, key: token}}}
                tls: {caSecret: {name: prom-ca, key: ca.crt}, insecureSkipVerify: false}
          - name: checker
            count: 1
            successCondition: result == true
            provider:
              web:
                url: "http://checker/ok?app={{args.app}}"
                method: GET
                headers: [{key: Accept, value: application/json}]
                jsonPath: "{$.ok}"
                timeoutSeconds: 5
                tls: {caBundle: "-----BEGIN CERTIFICATE-----"}
          - name: latency
            interval: 1m
            provider:
              judge:
                address: "http://prometheus:9090"
                canaryQuery: "latency{hash=\"{{args.canary-hash}}\"}"
                baselineQuery: "latency{hash!=\"{{args.canary-hash}}\"}"
                lookback: 10m
                step: 30s
                direction: Increase
                confidenceLevel: 0.99
                allowedEffect: 0.1
                minSamples: 20
                weight: 2.5
                critical: true
                authentication: {basic: {usernameSecretKeyRef: {name: prom, key: user}, passwordSecretKeyRef: {name: prom, key: password}}}
          dryRun: [{metricName: checker}]
          measurementRetention: [{metricName: success-rate, limit: 20}]
          judge: {passScore: 90, marginalScore: 70}
        """;

    private const string Run = """
        apiVersion: rollouts.dev/v1alpha1
        kind: AnalysisRun
        metadata: {name: web-6f7c-2, namespace: shop}
        spec:
          args: [{name: service-name, value: web}]
          metrics:
          - name: success-rate
            successCondition: "result[0] >= 0.95"
            provider: {prometheus: {query: "up{service=\"{{args.service-name}}\"}"}}
          terminate: false
        status:
          phase: Running
          message: measuring
          startedAt: "2024-05-01T12:00:00Z"
          metricResults:
          - name: success-rate
            phase: Running
            message: 1 of 5
            count: 2
            successful: 1
            failed: 0
            inconclusive: 1
            error: 0
            consecutiveError: 0
            dryRun: false
            measurements:
            - {phase: Successful, value: "[0.99]", startedAt: "2024-05-01T12:00:00Z", finishedAt: "2024-05-01T12:00:01Z"}
            - {phase: Inconclusive, value: "[]", message: no data, startedAt: "2024-05-01T12:01:00Z", finishedAt: "2024-05-01T12:01:01Z"}
          runSummary: {count: 1, successful: 0, failed: 0, inconclusive: 0, error: 0}
        """;

    [Fact]
    public void The_sample_reads_into_the_types_and_writes_back_the_same()
    {
        var written = Assert.Single(SampleDocuments.Read("analysis-success-rate.yaml"));

        var template = AnalysisJson.Read(written.ToJsonString());

        Assert.True(JsonNode.DeepEquals(written, AnalysisJson.Write(template)), AnalysisJson.Write(template).ToJsonString());
        Assert.Equal("result[0] >= 0.95", template.Spec!.Metrics![0].SuccessCondition);
        Assert.Empty(AnalysisValidation.Validate(template));
    }

    [Fact]
    public void Every_field_has_a_typed_property_and_the_template_is_valid()
    {
        var template = AnalysisJson.Read(YamlToJson.Parse(EveryField)!.ToJsonString());

        var metrics = template.Spec!.Metrics!;
        Assert.Empty(AnalysisValidation.Validate(template));
        Assert.Equal(IntOrString.FromText("30s"), metrics[0].InitialDelay);
        Assert.Equal(AnalysisPhase.Failed, metrics[0].MissingData!.Nan);
        Assert.Equal("token", metrics[0].Provider!.Prometheus!.Authentication!.Bearer!.SecretKeyRef!.Key);
        Assert.Equal("{$.ok}", metrics[1].Provider!.Web!.JsonPath);
        Assert.Equal(2.5, metrics[2].Provider!.Judge!.Weight);
        Assert.Equal(PodTemplateHashValue.Latest, template.Spec.Args![1].ValueFrom!.PodTemplateHashValue);
        Assert.Equal(20, template.Spec.MeasurementRetention![0].Limit);
        Assert.Equal(70, template.Spec.Judge!.MarginalScore);
    }

    [Theory]
    [InlineData(EveryField)]
    [InlineData(Run)]
    public void Every_field_writes_back_as_it_was_read(string yaml)
    {
        var written = YamlToJson.Parse(yaml)!;

        var back = RoundTrip(written);

        Assert.True(JsonNode.DeepEquals(written, back), back.ToJsonString());
    }

    [Fact]
    public void Fields_the_types_do_not_know_are_kept_where_they_were()
    {
        var written = YamlToJson.Parse(EveryField)!;
        written["futureTopLevel"] = "kept";
        written["spec"]!["futureSpec"] = 1;
        written["spec"]!["metrics"]![0]!["futureMetric"] = new JsonObject { ["x"] = 1 };
        written["spec"]!["metrics"]![0]!["provider"]!["prometheus"]!["futureProvider"] = true;
        written["spec"]!["args"]![1]!["valueFrom"]!["futureSource"] = "s";
        written["spec"]!["metrics"]![2]!["provider"]!["judge"]!["futureJudge"] = 2;

        var template = AnalysisJson.Read(written.ToJsonString());

        Assert.True(JsonNode.DeepEquals(written, AnalysisJson.Write(template)), AnalysisJson.Write(template).ToJsonString());
    }

    [Fact]
    public void A_runs_status_keeps_unknown_fields()
    {
        var written = YamlToJson.Parse(Run)!;
        written["status"]!["dryRunSummary"] = new JsonObject { ["count"] = 0 };
        written["status"]!["metricResults"]![0]!["measurements"]![0]!["metadata"] = new JsonObject { ["query"] = "q" };

        Assert.True(JsonNode.DeepEquals(written, RoundTrip(written)));
    }

    [Fact]
    public void A_rollouts_argument_reads_as_an_analysis_argument()
    {
        var rolloutArg = new AnalysisRunArgument
        {
            Name = "canary-hash",
            ValueFrom = JsonDocument.Parse("""{"podTemplateHashValue": "Latest"}""").RootElement,
        };

        var arg = AnalysisArgument.FromRollout(rolloutArg);

        Assert.Equal("canary-hash", arg.Name);
        Assert.Equal(PodTemplateHashValue.Latest, arg.ValueFrom!.PodTemplateHashValue);
    }

    private static JsonNode RoundTrip(JsonNode written) => (string?)written["kind"] switch
    {
        "AnalysisRun" => JsonSerializer.SerializeToNode(JsonSerializer.Deserialize(written.ToJsonString(), AnalysisRun.JsonTypeInfo)!, AnalysisRun.JsonTypeInfo)!,
        _ => AnalysisJson.Write(AnalysisJson.Read(written.ToJsonString())),
    };
}
