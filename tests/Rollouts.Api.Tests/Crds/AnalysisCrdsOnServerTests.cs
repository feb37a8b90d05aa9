using System.Text.Json.Nodes;
using Rollouts.Api.Crds;
using Rollouts.Testing;

namespace Rollouts.Api.Tests.Crds;

/// <summary>The generated analysis CRDs on the project's API server, driven by the real kubectl as a user would.</summary>
public sealed class AnalysisCrdsOnServerTests : IAsyncLifetime
{
    private const string Runs = "/apis/rollouts.dev/v1alpha1/namespaces/default/analysisruns";
    private SandboxApi _api = null!;

    public async Task InitializeAsync()
    {
        _api = await SandboxApi.StartAsync();
        foreach (var resource in new[] { AnalysisCrds.AnalysisTemplate, AnalysisCrds.ClusterAnalysisTemplate, AnalysisCrds.AnalysisRun })
        {
            (await Kubectl("apply", "-f", Path.Combine(RepositoryFiles.Crds, resource.Resource + ".yaml"))).EnsureSuccess();
        }
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task The_success_rate_sample_applies()
    {
        var applied = await Kubectl("apply", "-f", RepositoryFiles.Sample("analysis-success-rate.yaml"));
        var listed = await Kubectl("get", "at", "-o", "name");

        Assert.Contains("analysistemplate.rollouts.dev/success-rate created", applied.EnsureSuccess().Stdout, StringComparison.Ordinal);
        Assert.Equal("analysistemplate.rollouts.dev/success-rate", listed.EnsureSuccess().Stdout.Trim());
    }

    [Fact]
    public async Task A_cluster_template_is_cluster_scoped()
    {
        var template = SampleTemplate();
        template["kind"] = "ClusterAnalysisTemplate";
        template["metadata"]!.AsObject().Remove("namespace");

        var applied = await _api.Kubectl.RunWithInputAsync(template.ToJsonString(), "apply", "-f", "-");
        var (code, _) = await _api.GetAsync("/apis/rollouts.dev/v1alpha1/clusteranalysistemplates/success-rate");

        applied.EnsureSuccess();
        Assert.Equal(200, code);
    }

    [Fact]
    public async Task Kubectl_get_shows_a_runs_phase_from_its_status()
    {
        var run = new JsonObject
        {
            ["apiVersion"] = "rollouts.dev/v1alpha1",
            ["kind"] = "AnalysisRun",
            ["metadata"] = new JsonObject { ["name"] = "web-1" },
            ["spec"] = new JsonObject { ["args"] = new JsonArray(new JsonObject { ["name"] = "service-name", ["value"] = "web" }), ["metrics"] = SampleTemplate()["spec"]!["metrics"]!.DeepClone() },
        };
        (await _api.Kubectl.RunWithInputAsync(run.ToJsonString(), "apply", "-f", "-")).EnsureSuccess();
        await _api.PatchAsync($"{Runs}/web-1/status",
            """{"status":{"phase":"Successful","metricResults":[{"name":"success-rate","phase":"Successful","count":1,"successful":1,"measurements":[{"phase":"Successful","value":"[0.99]","startedAt":"2024-05-01T12:00:00Z","finishedAt":"2024-05-01T12:00:01Z"}]}]}}""");

        var table = await Kubectl("get", "ar");

        var lines = table.EnsureSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "STATUS", "AGE"], Words(lines[0]));
        Assert.Equal(["web-1", "Successful"], Words(lines[1])[..^1]);
    }

    [Fact]
    public async Task A_missing_data_rule_of_success_is_refused_at_its_field()
    {
        var template = SampleTemplate();
        template["spec"]!["metrics"]![0]!["missingData"] = new JsonObject { ["nan"] = "Successful" };

        var applied = await _api.Kubectl.RunWithInputAsync(template.ToJsonString(), "apply", "-f", "-");

        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains("spec.metrics[0].missingData.nan", applied.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_apply_refuses_a_field_the_schema_does_not_know()
    {
        var template = SampleTemplate();
        template["spec"]!["metrics"]![0]!["provider"]!["prometheus"]!["qeury"] = "up";

        var applied = await _api.Kubectl.RunWithInputAsync(template.ToJsonString(), "apply", "-f", "-");

        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains("unknown field \"spec.metrics[0].provider.prometheus.qeury\"", applied.Stderr, StringComparison.Ordinal);
    }

    private Task<Kubectl.Result> Kubectl(params string[] args) => _api.Kubectl.RunAsync(args);

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static JsonObject SampleTemplate() =>
        Assert.Single(SampleDocuments.Read("analysis-success-rate.yaml"), d => (string?)d["kind"] == "AnalysisTemplate");
}
