using Rollouts.Sandbox.Tests.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary>kubectl's generator commands, which send protobuf: <c>kubectl create namespace|configmap|secret</c>.</summary>
public sealed class GeneratorCommandTests(KubectlFixture kubectl) : IClassFixture<KubectlFixture>
{
    [Fact]
    public async Task Create_namespace_makes_an_active_namespace()
    {
        var created = await kubectl.RunAsync("create", "namespace", "generated");
        var again = await kubectl.RunAsync("create", "namespace", "generated");

        Assert.Equal((0, "namespace/generated created\n"), (created.ExitCode, created.Stdout));
        Assert.Equal((1, "Error from server (AlreadyExists): namespaces \"generated\" already exists\n"), (again.ExitCode, again.Stderr));
        var stored = await kubectl.StoredAsync("/api/v1/namespaces/generated");
        JsonAssert.Equal("""{"finalizers": ["kubernetes"]}""", stored["spec"]);
        JsonAssert.Equal("""{"phase": "Active"}""", stored["status"]);
        Assert.Equal("kubectl-create", stored["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_configmap_and_secret_store_their_literals()
    {
        var ns = await kubectl.NamespaceAsync("generated-data");

        var configMap = await kubectl.RunAsync("create", "configmap", "settings", "-n", ns, "--from-literal=mode=blue", "--from-literal=size=3");
        var secret = await kubectl.RunAsync("create", "secret", "generic", "creds", "-n", ns, "--from-literal=user=admin");

        Assert.Equal((0, "configmap/settings created\n"), (configMap.ExitCode, configMap.Stdout));
        Assert.Equal((0, "secret/creds created\n"), (secret.ExitCode, secret.Stdout));
        JsonAssert.Equal("""{"mode": "blue", "size": "3"}""", (await kubectl.StoredAsync($"/api/v1/namespaces/{ns}/configmaps/settings"))["data"]);
        var stored = await kubectl.StoredAsync($"/api/v1/namespaces/{ns}/secrets/creds");
        JsonAssert.Equal("""{"user": "YWRtaW4="}""", stored["data"]);
        Assert.Equal("Opaque", stored["type"]!.GetValue<string>());
    }
}
