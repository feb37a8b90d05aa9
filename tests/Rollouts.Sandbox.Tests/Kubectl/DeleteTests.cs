using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Patching;
using Rollouts.Testing;

namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary><c>kubectl delete</c> by name, file and selector, and the three ways dependents are treated.</summary>
public sealed class DeleteTests(KubectlFixture kubectl) : IClassFixture<KubectlFixture>
{
    [Fact]
    public async Task Delete_by_name_removes_the_object()
    {
        var ns = await kubectl.NamespaceAsync("delete-name");
        await kubectl.InstallWidgetsAsync();
        await kubectl.RunWithInputAsync(KubectlManifests.Documents(KubectlManifests.Deployment("web", ns), KubectlManifests.Widget("gear", ns)), "create", "-f", "-");

        var deployment = await kubectl.RunAsync("delete", "deployment", "web", "-n", ns);
        var widget = await kubectl.RunAsync("delete", "widget", "gear", "-n", ns);
        var missing = await kubectl.RunAsync("delete", "deployment", "web", "-n", ns);

        Assert.Equal((0, "deployment.apps \"web\" deleted\n"), (deployment.ExitCode, deployment.Stdout));
        Assert.Equal((0, "widget.test.rollouts.dev \"gear\" deleted\n"), (widget.ExitCode, widget.Stdout));
        Assert.Equal((1, "Error from server (NotFound): deployments.apps \"web\" not found\n"), (missing.ExitCode, missing.Stderr));
        Assert.True(await kubectl.IsGoneAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web"));
        Assert.True(await kubectl.IsGoneAsync($"/apis/test.rollouts.dev/v1/namespaces/{ns}/widgets/gear"));
    }

    [Fact]
    public async Task Delete_by_file_removes_every_document()
    {
        var ns = await kubectl.NamespaceAsync("delete-file");
        await kubectl.InstallWidgetsAsync();
        var manifest = KubectlManifests.Documents(
            KubectlManifests.Deployment("web", ns),
            KubectlManifests.Service("web", ns),
            KubectlManifests.Ingress("web", ns),
            KubectlManifests.Widget("gear", ns));
        (await kubectl.RunWithInputAsync(manifest, "apply", "-f", "-")).EnsureSuccess();

        var result = await kubectl.RunWithInputAsync(manifest, "delete", "-f", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            deployment.apps "web" deleted
            service "web" deleted
            ingress.networking.k8s.io "web" deleted
            widget.test.rollouts.dev "gear" deleted

            """.ReplaceLineEndings("\n"), result.Stdout);
        var listed = await kubectl.RunAsync("get", "deployments,services,ingresses,widgets", "-n", ns);
        Assert.Equal($"No resources found in {ns} namespace.\n", listed.Stderr);
    }

    [Fact]
    public async Task Delete_by_selector_removes_only_matching_objects()
    {
        var ns = await kubectl.NamespaceAsync("delete-selector");
        await kubectl.RunWithInputAsync(KubectlManifests.Documents(
            KubectlManifests.Deployment("old-1", ns, tier: "old"),
            KubectlManifests.Deployment("old-2", ns, tier: "old"),
            KubectlManifests.Deployment("new", ns, tier: "new")), "create", "-f", "-");

        var result = await kubectl.RunAsync("delete", "deployments", "-n", ns, "-l", "tier=old");

        Assert.Equal("deployment.apps \"old-1\" deleted\ndeployment.apps \"old-2\" deleted\n", result.Stdout);
        var left = await kubectl.RunAsync("get", "deployments", "-n", ns, "-o", "name");
        Assert.Equal("deployment.apps/new\n", left.Stdout);
    }

    [Fact]
    public async Task Foreground_deletion_removes_dependents_before_the_owner()
    {
        var (ns, owner, dependent) = await OwnedReplicaSetAsync("delete-foreground");

        var result = await kubectl.RunAsync("delete", "deployment", "web", "-n", ns, "--cascade=foreground");

        Assert.Equal((0, "deployment.apps \"web\" deleted\n"), (result.ExitCode, result.Stdout));
        Assert.True(await kubectl.IsGoneAsync(owner));
        Assert.True(await kubectl.IsGoneAsync(dependent));
    }

    [Fact]
    public async Task Orphan_deletion_keeps_dependents_and_drops_their_owner_reference()
    {
        var (ns, owner, dependent) = await OwnedReplicaSetAsync("delete-orphan");

        var result = await kubectl.RunAsync("delete", "deployment", "web", "-n", ns, "--cascade=orphan");

        Assert.Equal((0, "deployment.apps \"web\" deleted\n"), (result.ExitCode, result.Stdout));
        Assert.True(await kubectl.IsGoneAsync(owner));
        var orphan = await kubectl.StoredAsync(dependent);
        Assert.Null(orphan["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task Background_deletion_removes_dependents_after_the_owner()
    {
        var (ns, owner, dependent) = await OwnedReplicaSetAsync("delete-background");

        var result = await kubectl.RunAsync("delete", "deployment", "web", "-n", ns);

        Assert.Equal((0, "deployment.apps \"web\" deleted\n"), (result.ExitCode, result.Stdout));
        Assert.True(await kubectl.IsGoneAsync(owner));
        await Eventually.WaitUntilAsync(() => kubectl.IsGoneAsync(dependent), "the garbage collector to delete the orphaned ReplicaSet");
    }

    /// <summary>A Deployment "web" and a ReplicaSet it controls, as the deployment controller would create it.</summary>
    private async Task<(string Ns, string Owner, string Dependent)> OwnedReplicaSetAsync(string ns)
    {
        await kubectl.NamespaceAsync(ns);
        (await kubectl.RunWithInputAsync(KubectlManifests.Deployment("web", ns), "create", "-f", "-")).EnsureSuccess();
        var owner = $"/apis/apps/v1/namespaces/{ns}/deployments/web";
        var uid = (await kubectl.StoredAsync(owner))["metadata"]!["uid"]!.GetValue<string>();
        var rs = (JsonObject)YamlToJson.Parse(KubectlManifests.ReplicaSet("web-1", ns))!;
        rs["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["name"] = "web",
            ["uid"] = uid,
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
        var (code, body) = await kubectl.Api.PostAsync($"/apis/apps/v1/namespaces/{ns}/replicasets", rs);
        Assert.True(code == 201, $"creating the owned ReplicaSet: {code} {body}");
        return (ns, owner, $"/apis/apps/v1/namespaces/{ns}/replicasets/web-1");
    }
}
