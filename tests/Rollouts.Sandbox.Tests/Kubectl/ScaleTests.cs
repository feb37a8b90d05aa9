namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary><c>kubectl scale</c> through the scale subresource of built-in kinds and of a custom resource.</summary>
public sealed class ScaleTests(KubectlFixture kubectl) : IClassFixture<KubectlFixture>
{
    private const string Ns = "scale";

    [Theory]
    [InlineData("deployment", "deployment.apps", "/apis/apps/v1/namespaces/scale/deployments/")]
    [InlineData("replicaset", "replicaset.apps", "/apis/apps/v1/namespaces/scale/replicasets/")]
    [InlineData("widget", "widget.test.rollouts.dev", "/apis/test.rollouts.dev/v1/namespaces/scale/widgets/")]
    public async Task Scale_sets_the_replicas_and_checks_the_current_count(string kind, string printed, string collection)
    {
        var name = $"{kind}-scaled";
        await CreateAsync(kind, name, replicas: 2);

        var scaled = await kubectl.RunAsync("scale", kind, name, "-n", Ns, "--replicas=5");
        var precondition = await kubectl.RunAsync("scale", kind, name, "-n", Ns, "--replicas=1", "--current-replicas=3");
        var checkedScale = await kubectl.RunAsync("scale", kind, name, "-n", Ns, "--replicas=0", "--current-replicas=5");

        Assert.Equal((0, $"{printed}/{name} scaled\n"), (scaled.ExitCode, scaled.Stdout));
        Assert.Equal((1, "error: Expected replicas to be 3, was 5\n"), (precondition.ExitCode, precondition.Stderr));
        Assert.Equal((0, $"{printed}/{name} scaled\n"), (checkedScale.ExitCode, checkedScale.Stdout));
        var stored = await kubectl.StoredAsync(collection + name);
        Assert.Equal(0, stored["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(3, stored["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_scale_subresource_of_a_custom_resource_reads_the_declared_paths()
    {
        await CreateAsync("widget", "counted", replicas: 3);
        var (code, _) = await kubectl.Api.PatchAsync($"/apis/test.rollouts.dev/v1/namespaces/{Ns}/widgets/counted/status",
            """{"status": {"replicas": 2, "selector": "app=counted"}}""");
        Assert.Equal(200, code);

        var result = await kubectl.RunAsync("get", "widget", "counted", "-n", Ns, "--subresource=scale",
            "-o", "jsonpath={.kind} {.apiVersion} {.spec.replicas} {.status.replicas} {.status.selector}");

        Assert.Equal((0, "Scale autoscaling/v1 3 2 app=counted"), (result.ExitCode, result.Stdout));
    }

    [Fact]
    public async Task Scale_of_several_objects_by_selector()
    {
        await CreateAsync("deployment", "many-1", replicas: 1);
        await CreateAsync("deployment", "many-2", replicas: 1);
        await kubectl.RunAsync("label", "deployment", "many-1", "many-2", "-n", Ns, "group=many");

        var result = await kubectl.RunAsync("scale", "deployments", "-n", Ns, "-l", "group=many", "--replicas=3");

        Assert.Equal("deployment.apps/many-1 scaled\ndeployment.apps/many-2 scaled\n", result.Stdout);
        foreach (var name in new[] { "many-1", "many-2" })
        {
            Assert.Equal(3, (await kubectl.StoredAsync($"/apis/apps/v1/namespaces/{Ns}/deployments/{name}"))["spec"]!["replicas"]!.GetValue<int>());
        }
    }

    private async Task CreateAsync(string kind, string name, int replicas)
    {
        await kubectl.NamespaceAsync(Ns);
        await kubectl.InstallWidgetsAsync();
        var manifest = kind switch
        {
            "deployment" => KubectlManifests.Deployment(name, Ns, replicas: replicas),
            "replicaset" => KubectlManifests.ReplicaSet(name, Ns, replicas: replicas),
            _ => KubectlManifests.Widget(name, Ns, replicas: replicas),
        };
        (await kubectl.RunWithInputAsync(manifest, "create", "-f", "-")).EnsureSuccess();
    }
}
