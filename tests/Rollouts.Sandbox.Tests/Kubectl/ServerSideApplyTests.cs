using System.Text.Json.Nodes;
using Rollouts.Sandbox.Tests.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary><c>kubectl apply --server-side</c>: field ownership, conflicts, and taking over from client-side apply.</summary>
public sealed class ServerSideApplyTests(KubectlFixture kubectl) : IClassFixture<KubectlFixture>
{
    private const string ConflictHelp = """
        Please review the fields above--they currently have other managers. Here
        are the ways you can resolve this warning:
        """;

    /// <summary>A Deployment whose second version changes the image, drops DEBUG and moves the port.</summary>
    private static string Web(string ns, bool second) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {{ns}}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: app
                image: {{(second ? "nginx:1.26" : "nginx:1.25")}}
                ports:
                - containerPort: {{(second ? 8080 : 80)}}
                env:
                - name: MODE
                  value: blue
                {{(second ? "" : "- {name: DEBUG, value: \"true\"}")}}
        """;

    private const string SecondContainer = """
        {
          "env": [{"name": "MODE", "value": "blue"}],
          "image": "nginx:1.26",
          "imagePullPolicy": "IfNotPresent",
          "name": "app",
          "ports": [{"containerPort": 8080, "protocol": "TCP"}],
          "terminationMessagePath": "/dev/termination-log",
          "terminationMessagePolicy": "File"
        }
        """;

    [Fact]
    public async Task Server_side_apply_creates_then_removes_what_the_file_no_longer_sets()
    {
        var ns = await kubectl.NamespaceAsync("ssa-update");

        var created = await kubectl.RunWithInputAsync(Web(ns, second: false), "apply", "--server-side", "-f", "-");
        var updated = await kubectl.RunWithInputAsync(Web(ns, second: true), "apply", "--server-side", "-f", "-");

        Assert.Equal((0, "deployment.apps/web serverside-applied\n"), (created.ExitCode, created.Stdout));
        Assert.Equal((0, "deployment.apps/web serverside-applied\n"), (updated.ExitCode, updated.Stdout));
        var stored = await kubectl.StoredAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web");
        JsonAssert.Equal(SecondContainer, stored["spec"]!["template"]!["spec"]!["containers"]![0]);
        Assert.Equal(["kubectl/Apply"], Managers(stored));
        Assert.Null(stored["metadata"]!["annotations"]);
    }

    [Fact]
    public async Task Server_side_apply_takes_over_from_client_side_apply_and_back()
    {
        var ns = await kubectl.NamespaceAsync("ssa-upgrade");
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments/web";
        (await kubectl.RunWithInputAsync(Web(ns, second: false), "apply", "-f", "-")).EnsureSuccess();

        var upgraded = await kubectl.RunWithInputAsync(Web(ns, second: true), "apply", "--server-side", "-f", "-");

        Assert.Equal((0, "deployment.apps/web serverside-applied\n", ""), (upgraded.ExitCode, upgraded.Stdout, upgraded.Stderr));
        var stored = await kubectl.StoredAsync(path);
        JsonAssert.Equal(SecondContainer, stored["spec"]!["template"]!["spec"]!["containers"]![0]);
        Assert.DoesNotContain("kubectl-client-side-apply/Update", Managers(stored));
        var lastApplied = stored["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]!.GetValue<string>();
        Assert.Equal("nginx:1.26", JsonNode.Parse(lastApplied)!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());

        var downgraded = await kubectl.RunWithInputAsync(Web(ns, second: false), "apply", "-f", "-");

        Assert.Equal((0, "deployment.apps/web configured\n"), (downgraded.ExitCode, downgraded.Stdout));
        var container = (await kubectl.StoredAsync(path))["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("nginx:1.25", container["image"]!.GetValue<string>());
        JsonAssert.Equal("""[{"name": "MODE", "value": "blue"}, {"name": "DEBUG", "value": "true"}]""", container["env"]);
    }

    [Fact]
    public async Task A_field_another_manager_changed_conflicts_until_forced()
    {
        var ns = await kubectl.NamespaceAsync("ssa-conflict");
        (await kubectl.RunWithInputAsync(Web(ns, second: false), "apply", "--server-side", "-f", "-")).EnsureSuccess();
        (await kubectl.RunAsync("scale", "deployment", "web", "-n", ns, "--replicas=5")).EnsureSuccess();

        var refused = await kubectl.RunWithInputAsync(Web(ns, second: false), "apply", "--server-side", "-f", "-");
        var forced = await kubectl.RunWithInputAsync(Web(ns, second: false), "apply", "--server-side", "--force-conflicts", "-f", "-");

        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith(
            "error: Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas\n"
            + ConflictHelp.ReplaceLineEndings("\n"),
            refused.Stderr, StringComparison.Ordinal);
        Assert.Equal((0, "deployment.apps/web serverside-applied\n"), (forced.ExitCode, forced.Stdout));
        var stored = await kubectl.StoredAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web");
        Assert.Equal(2, stored["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(["kubectl/Apply"], Managers(stored));
    }

    [Fact]
    public async Task Server_side_apply_of_a_custom_resource_owns_its_fields()
    {
        var ns = await kubectl.NamespaceAsync("ssa-widget");
        await kubectl.InstallWidgetsAsync();
        var path = $"/apis/test.rollouts.dev/v1/namespaces/{ns}/widgets/gear";

        var created = await kubectl.RunWithInputAsync(KubectlManifests.Widget("gear", ns, color: "red"), "apply", "--server-side", "-f", "-");
        var withoutColor = await kubectl.RunWithInputAsync($"""
            apiVersion: test.rollouts.dev/v1
            kind: Widget
            metadata:
              name: gear
              namespace: {ns}
            spec:
              size: medium
              replicas: 1
            """, "apply", "--server-side", "-f", "-");
        var other = await kubectl.RunWithInputAsync(KubectlManifests.Widget("gear", ns, size: "large"), "apply", "--server-side", "--field-manager=ci", "-f", "-");

        Assert.Equal("widget.test.rollouts.dev/gear serverside-applied\n", created.Stdout);
        Assert.Equal("widget.test.rollouts.dev/gear serverside-applied\n", withoutColor.Stdout);
        Assert.Equal(1, other.ExitCode);
        Assert.StartsWith("error: Apply failed with 1 conflict: conflict with \"kubectl\": .spec.size\n", other.Stderr, StringComparison.Ordinal);
        JsonAssert.Equal("""{"replicas": 1, "size": "medium"}""", (await kubectl.StoredAsync(path))["spec"]);
    }

    private static List<string> Managers(JsonNode obj) =>
        [.. (obj["metadata"]!["managedFields"] as JsonArray ?? []).Select(entry => $"{entry!["manager"]}/{entry["operation"]}")
            .Where(manager => manager != "kubectl-last-applied/Apply")];
}
