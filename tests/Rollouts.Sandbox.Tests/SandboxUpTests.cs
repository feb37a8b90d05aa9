using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Testing;

namespace Rollouts.Sandbox.Tests;

/// <summary>
/// <c>rollouts-sandbox up</c>: the API server with the CRDs installed and the operator beside it, so that a user
/// applies the sample with kubectl and watches it roll out, with nothing else to start.
/// </summary>
public sealed class SandboxUpTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("rollouts-up-");
    private SandboxUp _sandbox = null!;
    private Testing.Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxUp.StartAsync(
            new ApiServerOptions { ReadyDelay = TimeSpan.FromMilliseconds(100) },
            Path.Combine(_directory.FullName, "kubeconfig"),
            NullLoggerFactory.Instance,
            NullLoggerFactory.Instance);
        _kubectl = new Testing.Kubectl(_sandbox.KubeconfigPath, Path.Combine(_directory.FullName, "cache"));
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task The_CRDs_are_installed_once()
    {
        var crds = await _kubectl.RunAsync("get", "crd", "-o", "name");

        var installed = crds.EnsureSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            ["analysisruns.rollouts.dev", "analysistemplates.rollouts.dev", "clusteranalysistemplates.rollouts.dev", "httproutes.gateway.networking.k8s.io", "rollouts.rollouts.dev"],
            installed.Select(n => n["customresourcedefinition.apiextensions.k8s.io/".Length..]).Order(StringComparer.Ordinal));
        Assert.Empty(CrdInstaller.Install(_sandbox.Server));
    }

    [Fact]
    public async Task The_operator_runs_the_sample_applied_with_kubectl()
    {
        (await _kubectl.RunAsync("apply", "-f", Sample("canary-nginx.yaml"))).EnsureSuccess();

        await Eventually.WaitUntilAsync(
            async () => (await _kubectl.RunAsync("get", "rollout", "web", "-o", "jsonpath={.status.phase}")).Stdout == "Healthy",
            "the sample Rollout to become Healthy");
        var replicaSets = await _kubectl.RunAsync("get", "rs", "-l", "rollouts-pod-template-hash", "-o", "jsonpath={.items[*].spec.replicas}");
        Assert.Equal("5", replicaSets.EnsureSuccess().Stdout);
    }

    private static string Sample(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "samples", name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"samples/{name} not found above {AppContext.BaseDirectory}");
    }
}
