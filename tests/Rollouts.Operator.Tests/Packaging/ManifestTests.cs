using System.Text.Json.Nodes;
using Rollouts.Operator.Tests.Support;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Packaging;

/// <summary>
/// config/ as a platform team installs it: each overlay builds with kubectl's kustomize and applies to an API
/// server, and what it creates is what a hardened operator Deployment needs.
/// </summary>
public sealed class ManifestTests : IAsyncLifetime
{
    private SandboxApi _api = null!;

    public async Task InitializeAsync() => _api = await SandboxApi.StartAsync(new ApiServerOptions { SimulateWorkloads = false });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("default")]
    [InlineData("namespaced")]
    public async Task The_overlay_builds_with_kustomize_and_grants_no_wildcard(string overlay)
    {
        var built = await _api.Kubectl.RunAsync("kustomize", Overlay(overlay));

        Assert.True(built.ExitCode == 0, built.Stderr);
        var kinds = built.Stdout.Split('\n').Where(l => l.StartsWith("kind: ", StringComparison.Ordinal)).Select(l => l[6..]).ToList();
        Assert.Equal(4, kinds.Count(k => k == "CustomResourceDefinition"));
        Assert.Contains("Deployment", kinds);
        Assert.Contains("ServiceAccount", kinds);
        Assert.DoesNotContain(built.Stdout.Split('\n'), l => l.Contains("'*'", StringComparison.Ordinal) || l.Contains("\"*\"", StringComparison.Ordinal) || l.Contains("[*]", StringComparison.Ordinal) || l.TrimEnd().EndsWith("- *", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_default_overlay_applies_and_runs_two_hardened_replicas_with_a_cluster_role()
    {
        var applied = await _api.Kubectl.RunAsync("apply", "-k", Overlay("default"));

        Assert.True(applied.ExitCode == 0, applied.Stderr);
        var deployment = await GetAsync("deployment", "rollouts-operator", "rollouts-system");
        AssertHardened(deployment);
        var args = Args(deployment);
        Assert.Contains("--leader-elect", args);
        Assert.DoesNotContain(args, a => a.StartsWith("--namespace", StringComparison.Ordinal));
        var role = await GetAsync("clusterrole", "rollouts-operator");
        Assert.Contains(Rules(role), r => r.Resources.Contains("rollouts") && r.Verbs.Contains("watch"));
        var binding = await GetAsync("clusterrolebinding", "rollouts-operator");
        Assert.Equal("rollouts-system", binding["subjects"]![0]!["namespace"]!.GetValue<string>());
        var crds = await _api.Kubectl.RunAsync("get", "crd", "-o", "name");
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/rollouts.rollouts.dev", crds.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_namespaced_overlay_applies_with_a_role_and_watches_its_own_namespace()
    {
        var applied = await _api.Kubectl.RunAsync("apply", "-k", Overlay("namespaced"));

        Assert.True(applied.ExitCode == 0, applied.Stderr);
        var deployment = await GetAsync("deployment", "rollouts-operator", "rollouts-system");
        AssertHardened(deployment);
        Assert.Contains("--namespace=$(POD_NAMESPACE)", Args(deployment));
        var role = await GetAsync("role", "rollouts-operator", "rollouts-system");
        Assert.Contains(Rules(role), r => r.Resources.Contains("replicasets") && r.Verbs.Contains("create"));
        var clusterRole = await _api.Kubectl.RunAsync("get", "clusterrole", "rollouts-operator");
        Assert.NotEqual(0, clusterRole.ExitCode);
        var templates = await GetAsync("clusterrole", "rollouts-operator-cluster-templates");
        var only = Assert.Single(Rules(templates));
        Assert.Equal(("clusteranalysistemplates", "get,list,watch"), (string.Join(",", only.Resources), string.Join(",", only.Verbs)));
    }

    private static void AssertHardened(JsonNode deployment)
    {
        var spec = deployment["spec"]!;
        Assert.Equal(2, spec["replicas"]!.GetValue<int>());
        var pod = spec["template"]!["spec"]!;
        Assert.True(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.Equal("RuntimeDefault", pod["securityContext"]!["seccompProfile"]!["type"]!.GetValue<string>());
        var container = pod["containers"]![0]!;
        var security = container["securityContext"]!;
        Assert.True(security["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.False(security["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.NotNull(container["resources"]!["requests"]!["memory"]);
        Assert.NotNull(container["resources"]!["limits"]!["memory"]);
        Assert.Equal("/healthz", container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal("/readyz", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Contains(container["ports"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "metrics");
    }

    private static List<string> Args(JsonNode deployment) =>
        [.. deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => a!.GetValue<string>())];

    private static List<(string[] Resources, string[] Verbs)> Rules(JsonNode role) =>
        [.. role["rules"]!.AsArray().Select(r => (
            r!["resources"]!.AsArray().Select(x => x!.GetValue<string>()).ToArray(),
            r["verbs"]!.AsArray().Select(x => x!.GetValue<string>()).ToArray()))];

    private async Task<JsonNode> GetAsync(string kind, string name, string? @namespace = null)
    {
        var args = new List<string> { "get", kind, name, "-o", "json" };
        if (@namespace is not null)
        {
            args.AddRange(["-n", @namespace]);
        }

        var result = await _api.Kubectl.RunAsync([.. args]);
        Assert.True(result.ExitCode == 0, $"kubectl get {kind} {name}: {result.Stderr}");
        return JsonNode.Parse(result.Stdout)!;
    }

    private static string Overlay(string name) => Path.Combine(RepositoryFiles.Root, "config", name);
}
