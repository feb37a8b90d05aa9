using Rollouts.Sandbox.Tests.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary><c>kubectl create -f</c>: each kind created as written, and the server's refusals as kubectl prints them.</summary>
public sealed class CreateTests(KubectlFixture kubectl) : IClassFixture<KubectlFixture>
{
    [Fact]
    public async Task Create_stores_each_document_and_refuses_them_all_the_second_time()
    {
        var ns = await kubectl.NamespaceAsync("create-all");
        await kubectl.InstallWidgetsAsync();
        var manifest = KubectlManifests.Documents(
            KubectlManifests.Deployment("web", ns),
            KubectlManifests.ReplicaSet("web-rs", ns),
            KubectlManifests.Service("web", ns),
            KubectlManifests.Ingress("web", ns),
            KubectlManifests.Widget("gear", ns, size: "large", replicas: 3));

        var created = await kubectl.RunWithInputAsync(manifest, "create", "-f", "-");
        var again = await kubectl.RunWithInputAsync(manifest, "create", "-f", "-");

        Assert.Equal(0, created.ExitCode);
        Assert.Equal("""
            deployment.apps/web created
            replicaset.apps/web-rs created
            service/web created
            ingress.networking.k8s.io/web created
            widget.test.rollouts.dev/gear created

            """.ReplaceLineEndings("\n"), created.Stdout);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"""
            Error from server (AlreadyExists): error when creating "STDIN": deployments.apps "web" already exists
            Error from server (AlreadyExists): error when creating "STDIN": replicasets.apps "web-rs" already exists
            Error from server (AlreadyExists): error when creating "STDIN": services "web" already exists
            Error from server (AlreadyExists): error when creating "STDIN": ingresses.networking.k8s.io "web" already exists
            Error from server (AlreadyExists): error when creating "STDIN": widgets.test.rollouts.dev "gear" already exists

            """.ReplaceLineEndings("\n"), again.Stderr);

        foreach (var path in new[]
        {
            $"/apis/apps/v1/namespaces/{ns}/deployments/web",
            $"/apis/apps/v1/namespaces/{ns}/replicasets/web-rs",
            $"/apis/networking.k8s.io/v1/namespaces/{ns}/ingresses/web",
            $"/apis/test.rollouts.dev/v1/namespaces/{ns}/widgets/gear",
        })
        {
            var stored = await kubectl.StoredAsync(path);
            Assert.Equal(1, stored["metadata"]!["generation"]!.GetValue<long>());
            Assert.Null(stored["metadata"]!["annotations"]);
        }

        var widget = await kubectl.StoredAsync($"/apis/test.rollouts.dev/v1/namespaces/{ns}/widgets/gear");
        JsonAssert.Equal("""{"color": "blue", "replicas": 3, "size": "large"}""", widget["spec"]);
        var service = await kubectl.StoredAsync($"/api/v1/namespaces/{ns}/services/web");
        Assert.Equal("ClusterIP", service["spec"]!["type"]!.GetValue<string>());
        Assert.Matches(@"^10\.96\.\d+\.\d+$", service["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_in_a_namespace_that_does_not_exist_is_not_found()
    {
        var result = await kubectl.RunWithInputAsync(KubectlManifests.Service("web", "nowhere"), "create", "-f", "-");

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Equal("Error from server (NotFound): error when creating \"STDIN\": namespaces \"nowhere\" not found\n", result.Stderr);
    }

    [Fact]
    public async Task Create_of_an_invalid_custom_resource_prints_the_field_error()
    {
        var ns = await kubectl.NamespaceAsync("create-invalid");
        await kubectl.InstallWidgetsAsync();

        var result = await kubectl.RunWithInputAsync(KubectlManifests.Widget("huge", ns, size: "enormous"), "create", "-f", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("The Widget \"huge\" is invalid: spec.size: Unsupported value: \"enormous\": supported values: \"small\", \"medium\", \"large\"\n",
            result.Stderr);
        Assert.True(await kubectl.IsGoneAsync($"/apis/test.rollouts.dev/v1/namespaces/{ns}/widgets/huge"));
    }
}
