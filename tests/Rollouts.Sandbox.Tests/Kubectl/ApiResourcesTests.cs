namespace Rollouts.Sandbox.Tests.Kubectl;

public sealed class ApiResourcesTests(KubectlFixture kubectl) : IClassFixture<KubectlFixture>
{
    [Theory]
    [InlineData("deployments", "deploy", "apps/v1", "true", "Deployment")]
    [InlineData("replicasets", "rs", "apps/v1", "true", "ReplicaSet")]
    [InlineData("services", "svc", "v1", "true", "Service")]
    [InlineData("ingresses", "ing", "networking.k8s.io/v1", "true", "Ingress")]
    [InlineData("namespaces", "ns", "v1", "false", "Namespace")]
    [InlineData("customresourcedefinitions", "crd,crds", "apiextensions.k8s.io/v1", "false", "CustomResourceDefinition")]
    [InlineData("configmaps", "cm", "v1", "true", "ConfigMap")]
    [InlineData("leases", "", "coordination.k8s.io/v1", "true", "Lease")]
    public async Task Lists_built_in_resources_with_short_names(string name, string shortNames, string apiVersion, string namespaced, string kind)
    {
        var result = await kubectl.RunAsync("api-resources");

        Assert.Equal(0, result.ExitCode);
        var table = KubectlTable.Parse(result.Stdout);
        Assert.Equal(["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"], table.Columns);
        var row = Assert.Single(table.Rows, r => r["NAME"] == name && r["APIVERSION"] == apiVersion);
        Assert.Equal((shortNames, namespaced, kind), (row["SHORTNAMES"], row["NAMESPACED"], row["KIND"]));
    }

    [Fact]
    public async Task Lists_a_custom_resource_once_its_definition_is_applied_and_drops_it_once_deleted()
    {
        var before = KubectlTable.Parse((await kubectl.RunAsync("api-resources")).Stdout);
        Assert.DoesNotContain(before.Rows, r => r["NAME"] == "widgets");

        var applied = await kubectl.RunWithInputAsync(KubectlManifests.WidgetCrd, "apply", "-f", "-");
        var established = await kubectl.RunAsync("wait", "--for=condition=Established", $"crd/{KubectlManifests.WidgetCrdName}", "--timeout=10s");
        var after = await kubectl.RunAsync("api-resources", "--api-group=test.rollouts.dev");

        Assert.Equal("customresourcedefinition.apiextensions.k8s.io/widgets.test.rollouts.dev created\n", applied.Stdout);
        Assert.Equal("customresourcedefinition.apiextensions.k8s.io/widgets.test.rollouts.dev condition met\n", established.Stdout);
        var row = Assert.Single(KubectlTable.Parse(after.Stdout).Rows);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["NAME"] = "widgets",
                ["SHORTNAMES"] = "wg",
                ["APIVERSION"] = "test.rollouts.dev/v1",
                ["NAMESPACED"] = "true",
                ["KIND"] = "Widget",
            },
            row);

        var deleted = await kubectl.RunAsync("delete", "crd", KubectlManifests.WidgetCrdName);
        var gone = await kubectl.RunAsync("api-resources", "--api-group=test.rollouts.dev");

        Assert.Equal("customresourcedefinition.apiextensions.k8s.io \"widgets.test.rollouts.dev\" deleted\n", deleted.Stdout);
        Assert.Empty(KubectlTable.Parse(gone.Stdout).Rows);
        Assert.True(await kubectl.IsGoneAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{KubectlManifests.WidgetCrdName}"));
    }
}
