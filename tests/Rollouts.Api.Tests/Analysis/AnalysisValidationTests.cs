using Rollouts.Api.Analysis;

namespace Rollouts.Api.Tests.Analysis;

public sealed class AnalysisValidationTests
{
    private const string Prometheus = """{"provider": {"prometheus": """;
    private const string Judge = """{"provider": {"prometheus": null, "judge": """;
    private const string JudgeQueries = """ "canaryQuery": "rate(errors{hash=\"a\"}[1m])", "baselineQuery": "rate(errors{hash=\"b\"}[1m])" """;

    /// <summary>A change to the template, and every problem it makes, as "field Reason".</summary>
    public static TheoryData<string, string[]> SpecCases => new()
    {
        { """{"apiVersion": "argoproj.io/v1alpha1"}""", ["apiVersion NotSupported"] },
        { """{"spec": null}""", ["spec Required"] },
        { """{"spec": {"metrics": []}}""", ["spec.metrics Required"] },
        { """{"spec": {"metric": []}}""", ["spec.metric UnknownField"] },

        // args
        { """{"spec": {"args": [{"name": "service-name"}, {"name": "canary-hash"}, {"name": "service-name"}]}}""", ["spec.args[2].name Conflict"] },
        { """{"spec": {"args": [{"name": "service-name", "value": "web", "valueFrom": {"podTemplateHashValue": "Latest"}}, {"name": "canary-hash"}]}}""", ["spec.args[0] ExactlyOneOf"] },
        { """{"spec": {"args": [{"name": "service-name", "valueFrom": {}}, {"name": "canary-hash"}]}}""", ["spec.args[0].valueFrom ExactlyOneOf"] },
        { """{"spec": {"args": [{"name": "service-name", "valueFrom": {"secretKeyRef": {"name": "s"}}}, {"name": "canary-hash"}]}}""", ["spec.args[0].valueFrom.secretKeyRef.key Required"] },
        { """{"spec": {"args": [{"name": "service-name", "valueFrom": {"fieldRef": {}}}, {"name": "canary-hash"}]}}""", ["spec.args[0].valueFrom.fieldRef.fieldPath Required"] },
        { """{"spec": {"args": [{"name": "service-name", "valueFrom": {"podTemplateHashValue": "Canary"}}, {"name": "canary-hash"}]}}""", ["spec.args[0].valueFrom.podTemplateHashValue Invalid"] },
        { """{"spec": {"args": [{"name": "service-name", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}, "fieldRef": {"fieldPath": "metadata.name"}}}, {"name": "canary-hash"}]}}""", ["spec.args[0].valueFrom ExactlyOneOf"] },
        { """{"spec": {"args": [{"name": "service-name", "value": "web"}, {"name": "canary-hash", "valueFrom": {"podTemplateHashValue": "Latest"}}]}}""", [] },
        { """{"spec": {"args": [{"name": ""}]}}""", ["spec.args[0].name Required", "spec.metrics[0].provider.prometheus.query Invalid"] },
        { """{"spec": {"args": null}}""", ["spec.metrics[0].provider.prometheus.query Invalid"] },

        // dryRun, measurementRetention and judge scoring
        { """{"spec": {"dryRun": [{"metricName": "success-rate"}], "measurementRetention": [{"metricName": "success-rate", "limit": 20}]}}""", [] },
        { """{"spec": {"dryRun": [{"metricName": "sucess-rate"}]}}""", ["spec.dryRun[0].metricName Invalid"] },
        { """{"spec": {"measurementRetention": [{"metricName": "success-rate", "limit": 0}]}}""", ["spec.measurementRetention[0].limit OutOfRange"] },
        { """{"spec": {"measurementRetention": [{"metricName": "success-rate"}]}}""", ["spec.measurementRetention[0].limit Required"] },
        { """{"spec": {"judge": {"passScore": 90, "marginalScore": 60}}}""", [] },
        { """{"spec": {"judge": {"passScore": 101}}}""", ["spec.judge.passScore OutOfRange"] },
        { """{"spec": {"judge": {"passScore": 70}}}""", ["spec.judge.marginalScore Conflict"] },
    };

    /// <summary>A change to the template's one metric, and every problem it makes.</summary>
    public static TheoryData<string, string[]> MetricCases => new()
    {
        { """{"name": ""}""", ["spec.metrics[0].name Required"] },
        { """{"interval": "5x"}""", ["spec.metrics[0].interval InvalidFormat"] },
        { """{"interval": "0s"}""", ["spec.metrics[0].interval OutOfRange"] },
        { """{"interval": 30, "initialDelay": "0s"}""", [] },
        { """{"initialDelay": "-1m"}""", ["spec.metrics[0].initialDelay OutOfRange"] },
        { """{"initialDelay": "1d"}""", ["spec.metrics[0].initialDelay InvalidFormat"] },
        { """{"count": 0}""", ["spec.metrics[0].count OutOfRange"] },
        { """{"count": null, "interval": null}""", [] },
        { """{"failureLimit": -1}""", ["spec.metrics[0].failureLimit OutOfRange"] },
        { """{"inconclusiveLimit": -1}""", ["spec.metrics[0].inconclusiveLimit OutOfRange"] },
        { """{"consecutiveErrorLimit": -1}""", ["spec.metrics[0].consecutiveErrorLimit OutOfRange"] },
        { """{"failureLimit": 0, "inconclusiveLimit": 0, "consecutiveErrorLimit": 0}""", [] },
        { """{"missingData": {"empty": "Error", "nan": "Failed"}}""", [] },
        { """{"missingData": {"empty": "Successful"}}""", ["spec.metrics[0].missingData.empty Invalid"] },
        { """{"missingData": {"nan": "Successful"}}""", ["spec.metrics[0].missingData.nan Invalid"] },
        { """{"missingData": {"empty": "Failed"}}""", ["spec.metrics[0].missingData.empty Invalid"] },
        { """{"sucessCondition": "result[0] > 1"}""", ["spec.metrics[0].sucessCondition UnknownField"] },

        // providers
        { """{"provider": null}""", ["spec.metrics[0].provider Required"] },
        { """{"provider": {"prometheus": null}}""", ["spec.metrics[0].provider ExactlyOneOf"] },
        { """{"provider": {"web": {"url": "http://checker/ok"}}}""", ["spec.metrics[0].provider ExactlyOneOf"] },
        { """{"provider": {"prometheus": null, "datadog": {"query": "q"}}}""", ["spec.metrics[0].provider.datadog NotSupported"] },
        { """{"provider": {"prometheus": null, "prometeus": {"query": "q"}}}""", ["spec.metrics[0].provider.prometeus UnknownField"] },
        { Prometheus + """{"query": ""}}}""", ["spec.metrics[0].provider.prometheus.query Required"] },
        { Prometheus + """{"address": "prometheus:9090"}}}""", ["spec.metrics[0].provider.prometheus.address InvalidFormat"] },
        { Prometheus + """{"query": "up{job=\"{{args.job}}\"}"}}}""", ["spec.metrics[0].provider.prometheus.query Invalid"] },
        { Prometheus + """{"headers": [{"key": "X-Scope", "value": "{{args.tenant}}"}]}}}""", ["spec.metrics[0].provider.prometheus.headers[0].value Invalid"] },
        { """{"successCondition": "result[0] >= {{args.threshold}}"}""", ["spec.metrics[0].successCondition Invalid"] },
        { Prometheus + """{"headers": [{"value": "v"}]}}}""", ["spec.metrics[0].provider.prometheus.headers[0].key Required"] },
        { Prometheus + """{"timeout": "soon"}}}""", ["spec.metrics[0].provider.prometheus.timeout InvalidFormat"] },
        { Prometheus + """{"timeout": 30, "authentication": {"bearer": {"secretKeyRef": {"name": "prom", "key": "token"}}}}}}""", [] },
        { Prometheus + """{"authentication": {"basic": {"usernameSecretKeyRef": {"name": "prom", "key": "user"}, "passwordSecretKeyRef": {"name": "prom", "key": "password"}}}}}}""", [] },
        { Prometheus + """{"authentication": {}}}}""", ["spec.metrics[0].provider.prometheus.authentication ExactlyOneOf"] },
        { Prometheus + """{"authentication": {"basic": {"usernameSecretKeyRef": {"name": "prom", "key": "user"}}}}}}""", ["spec.metrics[0].provider.prometheus.authentication.basic.passwordSecretKeyRef Required"] },
        { Prometheus + """{"authentication": {"bearer": {"secretKeyRef": {"key": "token"}}}}}}""", ["spec.metrics[0].provider.prometheus.authentication.bearer.secretKeyRef.name Required"] },
        { Prometheus + """{"tls": {"caSecret": {"name": "ca", "key": "ca.crt"}}}}}""", [] },
        { Prometheus + """{"tls": {"caSecret": {"name": "ca", "key": "ca.crt"}, "caBundle": "-----BEGIN CERTIFICATE-----"}}}}""", ["spec.metrics[0].provider.prometheus.tls ExactlyOneOf"] },
        { Prometheus + """{"tls": {"caBundle": "-----BEGIN CERTIFICATE-----", "insecureSkipVerify": true}}}}""", ["spec.metrics[0].provider.prometheus.tls.insecureSkipVerify Conflict"] },
        { """{"provider": {"prometheus": null, "web": {"url": "http://checker/ok?svc={{args.service-name}}", "jsonPath": "{$.ok}", "timeoutSeconds": 5}}}""", [] },
        { """{"provider": {"prometheus": null, "web": {"jsonPath": "{$.ok}"}}}""", ["spec.metrics[0].provider.web.url Required"] },
        { """{"provider": {"prometheus": null, "web": {"url": "http://checker/ok", "method": "POST"}}}""", ["spec.metrics[0].provider.web.method NotSupported"] },
        { """{"provider": {"prometheus": null, "web": {"url": "http://checker/ok", "timeoutSeconds": 0}}}""", ["spec.metrics[0].provider.web.timeoutSeconds OutOfRange"] },

        // judge
        { """{"successCondition": null, "provider": {"prometheus": null, "judge": {""" + JudgeQueries + """, "direction": "Increase", "confidenceLevel": 0.99, "allowedEffect": 0.1, "minSamples": 20, "weight": 2, "critical": true, "lookback": "10m", "step": "30s"}}}""", [] },
        { """{"successCondition": null, "provider": {"prometheus": null, "judge": {"canaryQuery": "q"}}}""", ["spec.metrics[0].provider.judge.baselineQuery Required"] },
        { """{"successCondition": null, "provider": {"prometheus": null, "judge": {}}}""", ["spec.metrics[0].provider.judge.canaryQuery Required", "spec.metrics[0].provider.judge.baselineQuery Required"] },
        { Judge + "{" + JudgeQueries + "}}}", ["spec.metrics[0].successCondition Conflict"] },
        { """{"successCondition": null, "provider": {"prometheus": null, "judge": {""" + JudgeQueries + """, "direction": "Up"}}}""", ["spec.metrics[0].provider.judge.direction Invalid"] },
        { """{"successCondition": null, "provider": {"prometheus": null, "judge": {""" + JudgeQueries + """, "confidenceLevel": 1}}}""", ["spec.metrics[0].provider.judge.confidenceLevel OutOfRange"] },
        { """{"successCondition": null, "provider": {"prometheus": null, "judge": {""" + JudgeQueries + """, "allowedEffect": -0.1}}}""", ["spec.metrics[0].provider.judge.allowedEffect OutOfRange"] },
        { """{"successCondition": null, "provider": {"prometheus": null, "judge": {""" + JudgeQueries + """, "minSamples": 0}}}""", ["spec.metrics[0].provider.judge.minSamples OutOfRange"] },
        { """{"successCondition": null, "provider": {"prometheus": null, "judge": {""" + JudgeQueries + """, "weight": 0}}}""", ["spec.metrics[0].provider.judge.weight OutOfRange"] },
        { """{"successCondition": null, "provider": {"prometheus": null, "judge": {""" + JudgeQueries + """, "lookback": "1m", "step": "1m"}}}""", ["spec.metrics[0].provider.judge.step Conflict"] },
        { """{"successCondition": null, "provider": {"prometheus": null, "judge": {""" + JudgeQueries + """, "lookback": "1w"}}}""", ["spec.metrics[0].provider.judge.lookback InvalidFormat"] },
    };

    [Fact]
    public void The_valid_template_is_valid() => Assert.Empty(AnalysisValidation.Validate(AnalysisJson.Read(AnalysisJson.Valid)));

    [Theory]
    [MemberData(nameof(SpecCases))]
    public void Reports_each_problem_of_the_spec_at_its_field(string change, string[] problems)
    {
        var errors = AnalysisValidation.Validate(AnalysisJson.With(change));

        Assert.Equal(problems, errors.Select(e => $"{e.Field} {e.Reason}"));
    }

    [Theory]
    [MemberData(nameof(MetricCases))]
    public void Reports_each_problem_of_a_metric_at_its_field(string change, string[] problems)
    {
        var errors = AnalysisValidation.Validate(AnalysisJson.WithMetric(change));

        Assert.Equal(problems, errors.Select(e => $"{e.Field} {e.Reason}"));
    }

    [Theory]
    [MemberData(nameof(MetricCases))]
    public void Defaults_change_no_answer(string change, string[] problems)
    {
        var errors = AnalysisValidation.Validate(AnalysisDefaulting.Apply(AnalysisJson.WithMetric(change)));

        Assert.Equal(problems, errors.Select(e => $"{e.Field} {e.Reason}"));
    }

    [Fact]
    public void Metric_names_must_be_unique()
    {
        var template = AnalysisJson.With("""
            {"spec": {"metrics": [
              {"name": "errors", "provider": {"prometheus": {"query": "a"}}},
              {"name": "errors", "provider": {"prometheus": {"query": "b"}}}]}}
            """);

        var error = Assert.Single(AnalysisValidation.Validate(template));

        Assert.Equal("spec.metrics[1].name", error.Field);
        Assert.Equal("metric \"errors\" is declared twice; metric names must be unique", error.Message);
    }

    [Fact]
    public void An_undeclared_argument_is_named_with_the_field_that_uses_it()
    {
        var template = AnalysisJson.WithMetric("""{"provider": {"prometheus": {"query": "up{svc=\"{{ args.service-nme }}\"}"}}}""");

        var error = Assert.Single(AnalysisValidation.Validate(template));

        Assert.Equal("spec.metrics[0].provider.prometheus.query", error.Field);
        Assert.Equal(
            "argument \"service-nme\" is used as {{args.service-nme}} but not declared in spec.args (did you mean \"service-name\"?); declare it: args: [{name: service-nme}]",
            error.Message);
    }

    [Fact]
    public void Missing_data_as_success_is_refused_with_the_reason()
    {
        var error = Assert.Single(AnalysisValidation.Validate(AnalysisJson.WithMetric("""{"missingData": {"nan": "Successful"}}""")));

        Assert.Equal("\"Successful\" is not allowed here; missing data never counts as success; use Inconclusive or Failed or Error", error.Message);
    }

    [Fact]
    public void A_cluster_template_is_checked_the_same_way()
    {
        var json = AnalysisJson.Valid.Replace("\"AnalysisTemplate\"", "\"ClusterAnalysisTemplate\"", StringComparison.Ordinal)
            .Replace("\"count\": 5", "\"count\": 0", StringComparison.Ordinal);
        var template = System.Text.Json.JsonSerializer.Deserialize(json, ClusterAnalysisTemplate.JsonTypeInfo)!;

        var errors = AnalysisValidation.Validate(template);

        Assert.Equal(["spec.metrics[0].count OutOfRange"], errors.Select(e => $"{e.Field} {e.Reason}"));
    }

    [Fact]
    public void A_run_needs_a_value_for_every_argument()
    {
        var run = new AnalysisRun
        {
            Spec = new AnalysisRunSpec
            {
                Args = [new AnalysisArgument { Name = "service-name", Value = "web" }, new AnalysisArgument { Name = "canary-hash" }],
                Metrics = AnalysisJson.Read(AnalysisJson.Valid).Spec!.Metrics,
            },
        };

        var errors = AnalysisValidation.Validate(run);

        Assert.Equal(["spec.args[1].value Required"], errors.Select(e => $"{e.Field} {e.Reason}"));
    }

    [Fact]
    public void Conditions_are_handed_out_with_their_fields_for_the_condition_language()
    {
        var template = AnalysisJson.With("""
            {"spec": {"metrics": [
              {"name": "a", "successCondition": "result[0] > 1", "provider": {"prometheus": {"query": "a"}}},
              {"name": "b", "provider": {"prometheus": {"query": "b"}}},
              {"name": "c", "successCondition": "result[0] < 2", "failureCondition": "result[0] > 5", "provider": {"prometheus": {"query": "c"}}}]}}
            """);

        var conditions = AnalysisValidation.ConditionsOf(template);

        Assert.Equal(
            [
                new MetricCondition("spec.metrics[0].successCondition", "result[0] > 1"),
                new MetricCondition("spec.metrics[2].successCondition", "result[0] < 2"),
                new MetricCondition("spec.metrics[2].failureCondition", "result[0] > 5"),
            ],
            conditions);
    }
}
