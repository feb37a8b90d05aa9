using Rollouts.Sandbox.Tests.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary><c>kubectl patch</c> with each patch type, on the main resource and the status subresource.</summary>
public sealed class PatchTests(KubectlFixture kubectl) : IClassFixture<KubectlFixture>
{
    private const string Ns = "patch";

    [Fact]
    public async Task A_merge_patch_sets_fields_and_null_removes_them()
    {
        var path = await DeploymentAsync("merge");

        var result = await kubectl.RunAsync("patch", "deployment", "merge", "-n", Ns, "--type", "merge",
            "-p", """{"metadata": {"labels": {"tier": "web"}}, "spec": {"replicas": 4, "revisionHistoryLimit": null}}""");

        Assert.Equal((0, "deployment.apps/merge patched\n"), (result.ExitCode, result.Stdout));
        var stored = await kubectl.StoredAsync(path);
        Assert.Equal(4, stored["spec"]!["replicas"]!.GetValue<int>());
        JsonAssert.Equal("""{"app": "merge", "tier": "web"}""", stored["metadata"]!["labels"]);
        // The server defaults what the patch removed, as it does on every write.
        Assert.Equal(10, stored["spec"]!["revisionHistoryLimit"]!.GetValue<int>());
        Assert.Equal(2, stored["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_json_patch_applies_its_operations_in_order()
    {
        var path = await DeploymentAsync("json");

        var result = await kubectl.RunAsync("patch", "deployment", "json", "-n", Ns, "--type", "json", "-p", """
            [
              {"op": "test", "path": "/spec/replicas", "value": 2},
              {"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "nginx:1.27"},
              {"op": "add", "path": "/spec/template/spec/containers/0/args", "value": ["--verbose"]}
            ]
            """);
        var failed = await kubectl.RunAsync("patch", "deployment", "json", "-n", Ns, "--type", "json",
            "-p", """[{"op": "test", "path": "/spec/replicas", "value": 9}, {"op": "replace", "path": "/spec/replicas", "value": 0}]""");

        Assert.Equal((0, "deployment.apps/json patched\n"), (result.ExitCode, result.Stdout));
        var container = (await kubectl.StoredAsync(path))["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("nginx:1.27", container["image"]!.GetValue<string>());
        JsonAssert.Equal("""["--verbose"]""", container["args"]);
        Assert.Equal(1, failed.ExitCode);
        Assert.StartsWith("The request is invalid: the server rejected our request due to an error in our request", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, (await kubectl.StoredAsync(path))["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_default_strategic_patch_merges_containers_and_env_by_name()
    {
        var path = await DeploymentAsync("strategic");
        await kubectl.RunAsync("patch", "deployment", "strategic", "-n", Ns,
            "-p", """{"spec": {"template": {"spec": {"containers": [{"name": "app", "env": [{"name": "A", "value": "1"}]}]}}}}""");

        var result = await kubectl.RunAsync("patch", "deployment", "strategic", "-n", Ns, "-p", """
            {"spec": {"template": {"spec": {"containers": [
              {"name": "app", "env": [{"name": "B", "value": "2"}]},
              {"name": "sidecar", "image": "envoy:1.30"}
            ]}}}}
            """);

        Assert.Equal((0, "deployment.apps/strategic patched\n"), (result.ExitCode, result.Stdout));
        var containers = (await kubectl.StoredAsync(path))["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(["app", "sidecar"], containers.Select(c => c!["name"]!.GetValue<string>()));
        JsonAssert.Equal("""[{"name": "B", "value": "2"}, {"name": "A", "value": "1"}]""", containers[0]!["env"]);
        Assert.Equal("nginx:1.25", containers[0]!["image"]!.GetValue<string>());
        Assert.Equal("IfNotPresent", containers[1]!["imagePullPolicy"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_says_so()
    {
        await DeploymentAsync("same");

        var result = await kubectl.RunAsync("patch", "deployment", "same", "-n", Ns, "--type", "merge", "-p", """{"spec": {"replicas": 2}}""");

        Assert.Equal((0, "deployment.apps/same patched (no change)\n"), (result.ExitCode, result.Stdout));
    }

    [Fact]
    public async Task A_custom_resource_takes_merge_and_json_patches_but_not_strategic_ones()
    {
        var path = await WidgetAsync("cog");

        var merged = await kubectl.RunAsync("patch", "widget", "cog", "-n", Ns, "--type", "merge", "-p", """{"spec": {"color": "red"}}""");
        var json = await kubectl.RunAsync("patch", "widget", "cog", "-n", Ns, "--type", "json", "-p", """[{"op": "replace", "path": "/spec/size", "value": "medium"}]""");
        var strategic = await kubectl.RunAsync("patch", "widget", "cog", "-n", Ns, "-p", """{"spec": {"color": "green"}}""");
        var invalid = await kubectl.RunAsync("patch", "widget", "cog", "-n", Ns, "--type", "merge", "-p", """{"spec": {"size": "huge"}}""");

        Assert.Equal("widget.test.rollouts.dev/cog patched\n", merged.Stdout);
        Assert.Equal("widget.test.rollouts.dev/cog patched\n", json.Stdout);
        Assert.Equal(1, strategic.ExitCode);
        Assert.Equal(
            "error: application/strategic-merge-patch+json is not supported by test.rollouts.dev/v1, Kind=Widget: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n",
            strategic.Stderr);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Equal("The Widget \"cog\" is invalid: spec.size: Unsupported value: \"huge\": supported values: \"small\", \"medium\", \"large\"\n", invalid.Stderr);
        JsonAssert.Equal("""{"color": "red", "replicas": 1, "size": "medium"}""", (await kubectl.StoredAsync(path))["spec"]);
    }

    [Fact]
    public async Task A_status_patch_on_a_custom_resource_changes_only_status()
    {
        var path = await WidgetAsync("status");

        var result = await kubectl.RunAsync("patch", "widget", "status", "-n", Ns, "--subresource=status", "--type", "merge",
            "-p", """{"status": {"phase": "Running", "replicas": 1}, "spec": {"size": "large"}}""");
        var main = await kubectl.RunAsync("patch", "widget", "status", "-n", Ns, "--type", "merge", "-p", """{"status": {"phase": "Broken"}}""");

        Assert.Equal((0, "widget.test.rollouts.dev/status patched\n"), (result.ExitCode, result.Stdout));
        Assert.Equal((0, "widget.test.rollouts.dev/status patched (no change)\n"), (main.ExitCode, main.Stdout));
        var stored = await kubectl.StoredAsync(path);
        JsonAssert.Equal("""{"phase": "Running", "replicas": 1}""", stored["status"]);
        Assert.Equal("small", stored["spec"]!["size"]!.GetValue<string>());
        Assert.Equal(1, stored["metadata"]!["generation"]!.GetValue<long>());
        var table = KubectlTable.Parse((await kubectl.RunAsync("get", "widget", "status", "-n", Ns)).Stdout);
        Assert.Equal("Running", table.Row("status")["PHASE"]);
    }

    [Fact]
    public async Task A_status_patch_on_a_deployment_changes_only_status()
    {
        var path = await DeploymentAsync("status");

        var result = await kubectl.RunAsync("patch", "deployment", "status", "-n", Ns, "--subresource=status",
            "-p", """{"status": {"replicas": 2, "readyReplicas": 1}, "spec": {"replicas": 7}}""");

        Assert.Equal((0, "deployment.apps/status patched\n"), (result.ExitCode, result.Stdout));
        var stored = await kubectl.StoredAsync(path);
        JsonAssert.Equal("""{"replicas": 2, "readyReplicas": 1}""", stored["status"]);
        Assert.Equal(2, stored["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(1, stored["metadata"]!["generation"]!.GetValue<long>());
        var table = KubectlTable.Parse((await kubectl.RunAsync("get", "deployment", "status", "-n", Ns)).Stdout);
        Assert.Equal("1/2", table.Row("status")["READY"]);
    }

    private async Task<string> DeploymentAsync(string name)
    {
        await kubectl.NamespaceAsync(Ns);
        (await kubectl.RunWithInputAsync(KubectlManifests.Deployment(name, Ns), "create", "-f", "-")).EnsureSuccess();
        return $"/apis/apps/v1/namespaces/{Ns}/deployments/{name}";
    }

    private async Task<string> WidgetAsync(string name)
    {
        await kubectl.NamespaceAsync(Ns);
        await kubectl.InstallWidgetsAsync();
        (await kubectl.RunWithInputAsync(KubectlManifests.Widget(name, Ns), "create", "-f", "-")).EnsureSuccess();
        return $"/apis/test.rollouts.dev/v1/namespaces/{Ns}/widgets/{name}";
    }
}
