using System.Text.Json.Nodes;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;
using Rollouts.Operator.Hosting;
using Rollouts.Sandbox;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.Prometheus;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Support;

/// <summary>
/// The world of an end-to-end test: its own sandbox API server with the workload simulator (pods ready after a
/// short delay), the CRDs (and the Gateway API's HTTPRoute) applied with kubectl, and the operator running in-process against it through a real
/// client. Tests read as Given (apply the sample), When (change the image, steer with kubectl) and Then (wait for
/// a state with a deadline, then assert). Traffic invariants are checked at every state the operator writes.
/// </summary>
internal sealed class RolloutWorld : IAsyncDisposable
{
    public const string Name = "web";
    public const string CanaryIngress = "web-web-canary";

    private readonly List<RunningOperator> _operators = [];

    private RolloutWorld(SandboxApi api, PrometheusProcess? prometheus)
    {
        Api = api;
        Prometheus = prometheus;
        State = new ServerState(api.Server);
        Checks = new TrafficChecks(State, Name, CanaryIngress);
    }

    public SandboxApi Api { get; }

    /// <summary>The real Prometheus scraping the sandbox's simulated traffic, when the world was started with it.</summary>
    public PrometheusProcess? Prometheus { get; }

    public ServerState State { get; }

    public TrafficChecks Checks { get; }

    /// <summary>The operator started last.</summary>
    public RunningOperator Operator => _operators[^1];

    public Rollout Rollout => State.Rollout(Name) ?? throw new InvalidOperationException($"rollout {Name} does not exist");

    public RolloutStatus Status => Rollout.Status ?? new RolloutStatus();

    public int IngressWeight => State.IngressWeight(CanaryIngress);

    /// <param name="withPrometheus">
    /// Simulate traffic through the ingresses and run a real Prometheus scraping it every second; operators started
    /// in this world take it as their default metrics address.
    /// </param>
    /// <param name="simulateTraffic">Simulate traffic through the ingresses and HTTPRoutes without Prometheus.</param>
    public static async Task<RolloutWorld> StartAsync(
        bool startOperator = true, OperatorOptions? options = null, bool withPrometheus = false, bool simulateTraffic = false)
    {
        var api = await SandboxApi.StartAsync(new ApiServerOptions
        {
            ReadyDelay = TimeSpan.FromMilliseconds(150),
            SimulateTraffic = withPrometheus || simulateTraffic,
        });
        PrometheusProcess? prometheus = null;
        try
        {
            prometheus = withPrometheus ? await SandboxUp.StartPrometheusAsync(api.Server) : null;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }

        var world = new RolloutWorld(api, prometheus);
        (await api.Kubectl.RunAsync("apply", "-f", RepositoryFiles.Crds)).EnsureSuccess();
        (await api.Kubectl.RunAsync("apply", "-f", RepositoryFiles.HttpRouteCrd)).EnsureSuccess();
        if (startOperator)
        {
            world.StartOperator(options);
        }

        return world;
    }

    public RunningOperator StartOperator(OperatorOptions? options = null)
    {
        options ??= new OperatorOptions();
        if (Prometheus is not null && options.PrometheusAddress is null)
        {
            options = options with { PrometheusAddress = Prometheus.Address };
        }

        var running = new RunningOperator(Api, Checks, CanaryIngress, options);
        _operators.Add(running);
        return running;
    }

    // Given

    /// <summary>Applies the sample (as adapted) and waits until the Rollout is Healthy on its first version.</summary>
    public async Task GivenTheSampleIsHealthyAsync(CanarySample? sample = null)
    {
        await ApplyAsync((sample ?? new CanarySample()).Yaml());
        await WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");
    }

    public async Task ApplyAsync(string yaml) => (await Api.Kubectl.RunWithInputAsync(yaml, "apply", "-f", "-")).EnsureSuccess();

    // When

    /// <summary>
    /// Changes the container's image in the template (and adds template annotations) with a JSON patch, leaving
    /// the rest of the template as it is, as `kubectl rollouts set image` will.
    /// </summary>
    /// <param name="env">Environment of the container in the new template (e.g. the sandbox's ERROR_RATE), replacing any it had.</param>
    public async Task SetImageAsync(string image, IReadOnlyDictionary<string, string>? annotations = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var operations = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/spec/template/spec/containers/0/image", ["value"] = image });
        if (env is not null)
        {
            var variables = new JsonArray();
            foreach (var (name, value) in env)
            {
                variables.Add(new JsonObject { ["name"] = name, ["value"] = value });
            }

            operations.Add(new JsonObject { ["op"] = "add", ["path"] = "/spec/template/spec/containers/0/env", ["value"] = variables });
        }

        if (annotations is not null)
        {
            var written = new JsonObject();
            foreach (var (key, value) in annotations)
            {
                written[key] = value;
            }

            operations.Add(new JsonObject { ["op"] = "add", ["path"] = "/spec/template/metadata/annotations", ["value"] = written });
        }

        (await Api.Kubectl.RunAsync("patch", "rollout", Name, "--type=json", "-p", operations.ToJsonString())).EnsureSuccess();
    }

    public async Task PromoteAsync()
    {
        await PatchStatusAsync("""{"status":{"pauseConditions":null}}""");
        await PatchAsync("""{"spec":{"paused":false}}""");
    }

    public Task PromoteFullAsync() => PatchStatusAsync("""{"status":{"promoteFull":true}}""");

    public Task AbortAsync() => PatchStatusAsync("""{"status":{"abort":true}}""");

    public Task RetryAsync() => PatchStatusAsync("""{"status":{"abort":false}}""");

    public async Task PatchAsync(string patch) =>
        (await Api.Kubectl.RunAsync("patch", "rollout", Name, "--type=merge", "-p", patch)).EnsureSuccess();

    public async Task PatchStatusAsync(string patch) =>
        (await Api.Kubectl.RunAsync("patch", "rollout", Name, "--subresource=status", "--type=merge", "-p", patch)).EnsureSuccess();

    // Then

    /// <summary>Waits until the Rollout's status satisfies <paramref name="condition"/>.</summary>
    public Task WaitForAsync(Func<RolloutStatus, bool> condition, string what, TimeSpan? deadline = null) =>
        WaitUntilAsync(() => State.Rollout(Name)?.Status is { } status && condition(status), what, deadline);

    /// <summary>Waits until <paramref name="condition"/> holds of the world, failing with the Rollout's state at the deadline.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        try
        {
            await Eventually.WaitUntilAsync(condition, what, deadline ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            var status = State.Rollout(Name)?.Status;
            throw new TimeoutException(
                $"{e.Message}\nRollout: phase {status?.Phase}, step {status?.CurrentStepIndex}, message \"{status?.Message}\", weight {IngressWeight}\n" +
                $"Violations: {string.Join("\n", Checks.Violations)}", e);
        }
    }

    /// <summary>Waits until the Rollout is paused at <paramref name="step"/> with the ingress at <paramref name="weight"/>.</summary>
    public Task WaitPausedAtAsync(int step, int weight) =>
        WaitUntilAsync(() => Status is { Phase: RolloutPhase.Paused } status && status.CurrentStepIndex == step && IngressWeight == weight &&
                             status.Canary?.Weights?.Canary?.Weight == weight,
            $"the Rollout to pause at step {step} with weight {weight}");

    public ReplicaSet? ReplicaSetOf(string? hash) =>
        hash is null ? null : State.ReplicaSets().FirstOrDefault(rs => rs.Metadata.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash) == hash);

    /// <summary>Fails with every broken traffic promise.</summary>
    public void ThenNoInvariantWasBroken() => Assert.True(Checks.Violations.Count == 0, string.Join("\n", Checks.Violations));

    public async ValueTask DisposeAsync()
    {
        foreach (var running in _operators)
        {
            await running.DisposeAsync();
        }

        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }

        await Api.DisposeAsync();
    }
}
