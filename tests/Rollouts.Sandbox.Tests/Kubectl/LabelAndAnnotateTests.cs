using Rollouts.Sandbox.Tests.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary><c>kubectl label</c> and <c>kubectl annotate</c>: add, refuse to overwrite, overwrite, remove.</summary>
public sealed class LabelAndAnnotateTests(KubectlFixture kubectl) : IClassFixture<KubectlFixture>
{
    private const string Ns = "labels";

    [Fact]
    public async Task Label_adds_refuses_to_overwrite_overwrites_and_removes_without_moving_generation()
    {
        var path = await DeploymentAsync("web");

        var added = await kubectl.RunAsync("label", "deployment", "web", "-n", Ns, "tier=frontend");
        var refused = await kubectl.RunAsync("label", "deployment", "web", "-n", Ns, "tier=backend");
        var overwritten = await kubectl.RunAsync("label", "deployment", "web", "-n", Ns, "tier=backend", "--overwrite");
        var afterOverwrite = await kubectl.StoredAsync(path);
        var removed = await kubectl.RunAsync("label", "deployment", "web", "-n", Ns, "tier-");

        Assert.Equal((0, "deployment.apps/web labeled\n"), (added.ExitCode, added.Stdout));
        Assert.Equal((1, "error: 'tier' already has a value (frontend), and --overwrite is false\n"), (refused.ExitCode, refused.Stderr));
        Assert.Equal((0, "deployment.apps/web labeled\n"), (overwritten.ExitCode, overwritten.Stdout));
        JsonAssert.Equal("""{"app": "web", "tier": "backend"}""", afterOverwrite["metadata"]!["labels"]);
        Assert.Equal((0, "deployment.apps/web unlabeled\n"), (removed.ExitCode, removed.Stdout));
        var stored = await kubectl.StoredAsync(path);
        JsonAssert.Equal("""{"app": "web"}""", stored["metadata"]!["labels"]);
        Assert.Equal(1, stored["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Label_with_a_selector_labels_every_matching_object()
    {
        await kubectl.NamespaceAsync(Ns);
        await kubectl.InstallWidgetsAsync();
        await kubectl.RunWithInputAsync(KubectlManifests.Documents(
            KubectlManifests.Widget("red-1", Ns, labels: "{color: red}"),
            KubectlManifests.Widget("red-2", Ns, labels: "{color: red}"),
            KubectlManifests.Widget("blue-1", Ns, labels: "{color: blue}")), "create", "-f", "-");

        var result = await kubectl.RunAsync("label", "widgets", "-n", Ns, "-l", "color=red", "checked=yes");

        Assert.Equal("widget.test.rollouts.dev/red-1 labeled\nwidget.test.rollouts.dev/red-2 labeled\n", result.Stdout);
        var labelled = await kubectl.RunAsync("get", "widgets", "-n", Ns, "-l", "checked=yes", "-o", "name");
        Assert.Equal("widget.test.rollouts.dev/red-1\nwidget.test.rollouts.dev/red-2\n", labelled.Stdout);
    }

    [Fact]
    public async Task Annotate_adds_refuses_to_overwrite_overwrites_and_removes_on_a_custom_resource()
    {
        await kubectl.NamespaceAsync(Ns);
        await kubectl.InstallWidgetsAsync();
        await kubectl.RunWithInputAsync(KubectlManifests.Widget("noted", Ns), "create", "-f", "-");
        var path = $"/apis/test.rollouts.dev/v1/namespaces/{Ns}/widgets/noted";

        var added = await kubectl.RunAsync("annotate", "widget", "noted", "-n", Ns, "owner=team-a", "note=first draft");
        var refused = await kubectl.RunAsync("annotate", "widget", "noted", "-n", Ns, "owner=team-b");
        var overwritten = await kubectl.RunAsync("annotate", "widget", "noted", "-n", Ns, "owner=team-b", "--overwrite");
        var afterOverwrite = await kubectl.StoredAsync(path);
        var removed = await kubectl.RunAsync("annotate", "widget", "noted", "-n", Ns, "note-");

        Assert.Equal((0, "widget.test.rollouts.dev/noted annotated\n"), (added.ExitCode, added.Stdout));
        Assert.Equal((1, "error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value (team-a)\n"),
            (refused.ExitCode, refused.Stderr));
        Assert.Equal((0, "widget.test.rollouts.dev/noted annotated\n"), (overwritten.ExitCode, overwritten.Stdout));
        JsonAssert.Equal("""{"owner": "team-b", "note": "first draft"}""", afterOverwrite["metadata"]!["annotations"]);
        Assert.Equal((0, "widget.test.rollouts.dev/noted annotated\n"), (removed.ExitCode, removed.Stdout));
        var stored = await kubectl.StoredAsync(path);
        JsonAssert.Equal("""{"owner": "team-b"}""", stored["metadata"]!["annotations"]);
        Assert.Equal(1, stored["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Annotate_a_deployment_and_a_service()
    {
        await DeploymentAsync("annotated");
        await kubectl.RunWithInputAsync(KubectlManifests.Service("annotated", Ns), "create", "-f", "-");

        var result = await kubectl.RunAsync("annotate", "deployment/annotated", "service/annotated", "-n", Ns, "reviewed=true");

        Assert.Equal("deployment.apps/annotated annotated\nservice/annotated annotated\n", result.Stdout);
        foreach (var path in new[] { $"/apis/apps/v1/namespaces/{Ns}/deployments/annotated", $"/api/v1/namespaces/{Ns}/services/annotated" })
        {
            JsonAssert.Equal("""{"reviewed": "true"}""", (await kubectl.StoredAsync(path))["metadata"]!["annotations"]);
        }
    }

    private async Task<string> DeploymentAsync(string name)
    {
        await kubectl.NamespaceAsync(Ns);
        (await kubectl.RunWithInputAsync(KubectlManifests.Deployment(name, Ns), "create", "-f", "-")).EnsureSuccess();
        return $"/apis/apps/v1/namespaces/{Ns}/deployments/{name}";
    }
}
