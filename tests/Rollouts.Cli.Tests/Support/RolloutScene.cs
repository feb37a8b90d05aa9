using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Client.Config;
using Rollouts.Kubernetes.Models;
using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Testing;

namespace Rollouts.Cli.Tests.Support;

/// <summary>
/// One end-to-end test's world: a namespace of its own on the shared sandbox, samples/canary-nginx.yaml applied in
/// it (with the pauses the test asks for), the plugin run through the real kubectl, and the Rollout read back.
/// </summary>
internal sealed class RolloutScene : IDisposable
{
    public const string Name = "web";

    private readonly KubernetesApiClient _client;

    private RolloutScene(PluginRunner kubectl, string kubeconfig, string @namespace)
    {
        Kubectl = kubectl;
        Namespace = @namespace;
        _client = new KubernetesApiClient(KubernetesConnection.FromKubeConfig([kubeconfig]));
    }

    public PluginRunner Kubectl { get; }

    public string Namespace { get; }

    /// <summary>Given the sample in a new namespace, Healthy on web:1.0.</summary>
    /// <param name="firstPause">The first pause (30s in the sample); null waits for promote.</param>
    public static async Task<RolloutScene> GivenHealthySampleAsync(string @namespace, string? firstPause = "1s")
    {
        var sandbox = await SharedSandbox.GetAsync();
        var kubectl = await PluginRunner.StartAsync(sandbox.KubeconfigPath);
        var scene = new RolloutScene(kubectl, sandbox.KubeconfigPath, @namespace);
        (await kubectl.RunAsync(["create", "namespace", @namespace])).EnsureSuccess();
        var yaml = File.ReadAllText(RepositoryFiles.Sample("canary-nginx.yaml"));
        yaml = Replace(yaml, "      - pause: {duration: 30s}\n", firstPause is null ? "      - pause: {}\n" : $"      - pause: {{duration: {firstPause}}}\n");
        (await kubectl.RunAsync(["apply", "-n", @namespace, "-f", "-"], yaml)).EnsureSuccess();
        await scene.WaitForAsync(r => r.Status is { Phase: RolloutPhase.Healthy, StableRS: not null } s && s.ObservedGeneration == r.Metadata.Generation,
            "the Rollout to be Healthy on web:1.0");
        return scene;
    }

    /// <summary><c>kubectl rollouts ARGS -n NAMESPACE</c>.</summary>
    public Task<PluginRunner.Result> RolloutsAsync(params string[] args) => Kubectl.RolloutsAsync([.. args, "-n", Namespace]);

    /// <summary>The path of the Rollout on the API server (add <c>/status</c> for its status subresource).</summary>
    public string RolloutPath => $"/apis/rollouts.dev/v1alpha1/namespaces/{Namespace}/rollouts/{Name}";

    /// <summary>The patches the plugin (User-Agent kubectl-rollouts) sent to this scene's namespace, in order, as the server received them.</summary>
    public async Task<IReadOnlyList<RecordedBody>> PluginPatchesAsync()
    {
        var sandbox = await SharedSandbox.GetAsync();
        return [.. sandbox.Server.Bodies.Snapshot().Where(b => b.UserAgent?.StartsWith("kubectl-rollouts", StringComparison.Ordinal) == true
                                                         && b.Path.StartsWith($"/apis/rollouts.dev/v1alpha1/namespaces/{Namespace}/", StringComparison.Ordinal))];
    }

    public Task<Rollout> RolloutAsync() => _client.Resource<Rollout>().GetAsync(Namespace, Name);

    /// <summary>The names of the ReplicaSets in the scene's namespace, sorted.</summary>
    public async Task<IReadOnlyList<string>> ReplicaSetNamesAsync()
    {
        var list = await _client.Resource<ReplicaSet>().ListAllAsync(Namespace);
        return [.. list.Items.Select(rs => rs.Metadata.Name!).Order(StringComparer.Ordinal)];
    }

    public async Task WaitForAsync(Func<Rollout, bool> condition, string what, TimeSpan? deadline = null)
    {
        Rollout? last = null;
        try
        {
            await Eventually.WaitUntilAsync(async () => condition(last = await RolloutAsync()), what, deadline ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nRollout: phase {last?.Status?.Phase}, step {last?.Status?.CurrentStepIndex}, message \"{last?.Status?.Message}\"", e);
        }
    }

    /// <summary>Waits until the update to a new template is paused at <paramref name="step"/> (0-based).</summary>
    public Task WaitPausedAtAsync(int step) =>
        WaitForAsync(r => r.Status is { Phase: RolloutPhase.Paused } s && s.CurrentStepIndex == step && s.StableRS != s.CurrentPodHash,
            $"the Rollout to pause at step {step}");

    public Task WaitHealthyOnAsync(string image) =>
        WaitForAsync(r => r.Status is { Phase: RolloutPhase.Healthy } s && s.StableRS == s.CurrentPodHash && s.ObservedGeneration == r.Metadata.Generation
                          && r.Spec?.Template?.Spec?.Containers?[0].Image == image,
            $"the Rollout to be Healthy on {image}");

    public void Dispose() => _client.Dispose();

    private static string Replace(string text, string old, string replacement) =>
        text.Contains(old, StringComparison.Ordinal)
            ? text.Replace(old, replacement, StringComparison.Ordinal)
            : throw new InvalidOperationException($"samples/canary-nginx.yaml no longer contains:\n{old}");
}
