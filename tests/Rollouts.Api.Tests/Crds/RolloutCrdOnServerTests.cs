using System.Text.Json.Nodes;
using Rollouts.Api.Crds;
using Rollouts.Testing;

namespace Rollouts.Api.Tests.Crds;

/// <summary>The generated Rollout CRD on the project's API server, driven by the real kubectl as a user would.</summary>
public sealed class RolloutCrdOnServerTests : IAsyncLifetime
{
    private const string Rollouts = "/apis/rollouts.dev/v1alpha1/namespaces/default/rollouts";
    private SandboxApi _api = null!;
    private string _crdPath = null!;

    public async Task InitializeAsync()
    {
        _api = await SandboxApi.StartAsync();
        _crdPath = Path.Combine(RepositoryFiles.Crds, RolloutCrd.Resource.Resource + ".yaml");
        (await Kubectl("apply", "-f", _crdPath)).EnsureSuccess();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task The_sample_applies_and_kubectl_get_shows_the_printer_columns()
    {
        var applied = await Kubectl("apply", "-f", RepositoryFiles.Sample("canary-nginx.yaml"));
        await _api.PatchAsync($"{Rollouts}/web/status",
            """{"status":{"replicas":5,"updatedReplicas":1,"availableReplicas":4,"phase":"Paused","currentStepIndex":1,"canary":{"weights":{"canary":{"weight":20}}}}}""");
        var table = await Kubectl("get", "ro");

        applied.EnsureSuccess();
        Assert.Contains("rollout.rollouts.dev/web created", applied.Stdout, StringComparison.Ordinal);
        var lines = table.EnsureSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "DESIRED", "CURRENT", "UP-TO-DATE", "AVAILABLE", "PHASE", "STEP", "WEIGHT", "AGE"], Words(lines[0]));
        Assert.Equal(["web", "5", "5", "1", "4", "Paused", "1", "20"], Words(lines[1])[..^1]);
    }

    [Fact]
    public async Task A_weight_above_100_is_refused_with_422_at_its_field()
    {
        var rollout = SampleRollout();
        rollout["spec"]!["strategy"]!["canary"]!["steps"]![0]!["setWeight"] = 150;

        var (code, body) = await _api.PostAsync(Rollouts, rollout);
        var kubectl = await _api.Kubectl.RunWithInputAsync(rollout.ToJsonString(), "apply", "-f", "-");

        Assert.Equal(422, code);
        Assert.Equal("Invalid", (string?)body!["reason"]);
        var cause = Assert.Single(body["details"]!["causes"]!.AsArray());
        Assert.Equal("spec.strategy.canary.steps[0].setWeight", (string?)cause!["field"]);
        Assert.NotEqual(0, kubectl.ExitCode);
        Assert.Contains("spec.strategy.canary.steps[0].setWeight", kubectl.Stderr, StringComparison.Ordinal);
        Assert.Contains("less than or equal to 100", kubectl.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubectl_apply_refuses_a_field_the_schema_does_not_know()
    {
        var rollout = SampleRollout();
        rollout["spec"]!["strategy"]!["canary"]!["steps"]![0] = new JsonObject { ["setWieght"] = 20 };

        var applied = await _api.Kubectl.RunWithInputAsync(rollout.ToJsonString(), "apply", "-f", "-");

        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains("unknown field \"spec.strategy.canary.steps[0].setWieght\"", applied.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rollout_without_selector_or_template_is_refused()
    {
        var rollout = SampleRollout();
        rollout["spec"]!.AsObject().Remove("selector");
        rollout["spec"]!.AsObject().Remove("template");

        var (code, body) = await _api.PostAsync(Rollouts, rollout);

        Assert.Equal(422, code);
        var fields = body!["details"]!["causes"]!.AsArray().Select(c => (string?)c!["field"]);
        Assert.Equal(["spec.selector", "spec.template"], fields.Order());
    }

    [Fact]
    public async Task Pod_template_fields_the_types_do_not_model_are_kept()
    {
        var rollout = SampleRollout();
        rollout["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"] = 5;

        var (code, created) = await _api.PostAsync(Rollouts, rollout);

        Assert.Equal(201, code);
        Assert.Equal(5, (int)created!["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"]!);
    }

    [Fact]
    public async Task Kubectl_scale_goes_through_the_scale_subresource()
    {
        Assert.Equal(201, (await _api.PostAsync(Rollouts, SampleRollout())).Code);
        await _api.PatchAsync($"{Rollouts}/web/status", """{"status":{"replicas":5,"selector":"app=web"}}""");

        var scaled = await Kubectl("scale", "rollout/web", "--replicas=3");
        var (_, scale) = await _api.GetAsync($"{Rollouts}/web/scale");

        scaled.EnsureSuccess();
        Assert.Equal(3, (int)scale!["spec"]!["replicas"]!);
        Assert.Equal("app=web", (string?)scale["status"]!["selector"]);
    }

    private Task<Kubectl.Result> Kubectl(params string[] args) => _api.Kubectl.RunAsync(args);

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The Rollout of samples/canary-nginx.yaml as JSON, in the default namespace.</summary>
    private static JsonObject SampleRollout() => SampleDocuments.Rollout("canary-nginx.yaml");
}
