namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary>
/// <c>kubectl wait</c> started as a process; the change it waits for is made through the API once kubectl's watch
/// request has been answered (it runs with <c>-v=6</c>, which logs each request).
/// </summary>
public sealed class WaitTests(KubectlFixture kubectl) : IClassFixture<KubectlFixture>
{
    [Fact]
    public async Task Wait_for_delete_returns_once_the_object_is_gone()
    {
        var ns = await kubectl.NamespaceAsync("wait-delete");
        await kubectl.RunWithInputAsync(KubectlManifests.Deployment("web", ns), "create", "-f", "-");
        await using var wait = await StartWaitingAsync("wait", "--for=delete", "deployment/web", "-n", ns, "--timeout=20s");

        var (code, _) = await kubectl.Api.DeleteAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web");
        var (exit, stdout, _) = await wait.ExitAsync();

        Assert.Equal(200, code);
        Assert.Equal((0, "deployment.apps/web condition met"), (exit, stdout));
    }

    [Fact]
    public async Task Wait_for_a_jsonpath_value_returns_once_the_status_says_so()
    {
        var ns = await kubectl.NamespaceAsync("wait-jsonpath");
        await kubectl.InstallWidgetsAsync();
        await kubectl.RunWithInputAsync(KubectlManifests.Widget("gear", ns), "create", "-f", "-");
        await using var wait = await StartWaitingAsync("wait", "--for=jsonpath={.status.phase}=Ready", "widget/gear", "-n", ns, "--timeout=20s");

        var (code, _) = await kubectl.Api.PatchAsync($"/apis/test.rollouts.dev/v1/namespaces/{ns}/widgets/gear/status", """{"status": {"phase": "Ready"}}""");
        var (exit, stdout, _) = await wait.ExitAsync();

        Assert.Equal(200, code);
        Assert.Equal((0, "widget.test.rollouts.dev/gear condition met"), (exit, stdout));
    }

    [Fact]
    public async Task Rollout_status_follows_the_deployment_status_until_the_rollout_is_done()
    {
        var ns = await kubectl.NamespaceAsync("wait-rollout");
        await kubectl.RunWithInputAsync(KubectlManifests.Deployment("web", ns), "create", "-f", "-");
        await using var rollout = await StartWaitingAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=20s");
        var status = $"/apis/apps/v1/namespaces/{ns}/deployments/web/status";

        Assert.Equal("Waiting for deployment spec update to be observed...", await rollout.NextLineAsync());
        await kubectl.Api.PatchAsync(status, """{"status": {"observedGeneration": 1, "replicas": 2, "updatedReplicas": 2, "availableReplicas": 1}}""");
        Assert.Equal("Waiting for deployment \"web\" rollout to finish: 1 of 2 updated replicas are available...", await rollout.NextLineAsync());
        await kubectl.Api.PatchAsync(status, """{"status": {"readyReplicas": 2, "availableReplicas": 2}}""");
        var (exit, stdout, _) = await rollout.ExitAsync();

        Assert.Equal((0, "deployment \"web\" successfully rolled out"), (exit, stdout));
    }

    [Fact]
    public async Task Wait_for_a_condition_that_already_holds_returns_at_once()
    {
        await kubectl.InstallWidgetsAsync();

        var result = await kubectl.RunAsync("wait", "--for=condition=Established", $"crd/{KubectlManifests.WidgetCrdName}", "--timeout=10s");

        Assert.Equal((0, $"customresourcedefinition.apiextensions.k8s.io/{KubectlManifests.WidgetCrdName} condition met\n"), (result.ExitCode, result.Stdout));
    }

    [Fact]
    public async Task Wait_for_delete_of_a_missing_object_succeeds_quietly()
    {
        var ns = await kubectl.NamespaceAsync("wait-missing");

        var result = await kubectl.RunAsync("wait", "--for=delete", "deployment/none", "-n", ns, "--timeout=5s");

        Assert.Equal((0, "", ""), (result.ExitCode, result.Stdout, result.Stderr));
    }

    private async Task<KubectlWatch> StartWaitingAsync(params string[] args)
    {
        var wait = KubectlWatch.Start(kubectl.Api.Kubectl, [.. args, "-v=6"]);
        await wait.ErrorLineMatchingAsync(line => line.Contains("watch=true", StringComparison.Ordinal) && line.Contains("200 OK", StringComparison.Ordinal));
        return wait;
    }
}
