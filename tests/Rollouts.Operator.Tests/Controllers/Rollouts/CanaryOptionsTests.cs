using Rollouts.Api.Rollouts;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>The sample canary with dynamicStableScale, canaryMetadata and stableMetadata, end to end.</summary>
public sealed class CanaryOptionsTests : IAsyncLifetime
{
    private RolloutWorld _world = null!;

    public async Task InitializeAsync() => _world = await RolloutWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task With_dynamic_stable_scale_the_stable_shrinks_as_traffic_leaves_it_and_ends_empty()
    {
        await _world.GivenTheSampleIsHealthyAsync(new CanarySample { ScaleDownDelaySeconds = 0, CanaryExtra = "      dynamicStableScale: true\n" });
        var stable = _world.Status.StableRS;

        await _world.SetImageAsync("web:1.1");
        await _world.WaitPausedAtAsync(step: 3, weight: 50);
        await _world.WaitUntilAsync(() => _world.ReplicaSetOf(stable)?.Spec?.Replicas == 3, "the stable to be sized for its 50% (3 of 5 pods)");
        Assert.Equal(50, _world.IngressWeight);

        await _world.PromoteAsync();
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS != stable, "the canary to be promoted");

        Assert.Equal(0, _world.ReplicaSetOf(stable)?.Spec?.Replicas);
        Assert.Equal(5, _world.ReplicaSetOf(_world.Status.StableRS)?.Spec?.Replicas);
        Assert.Null(_world.State.Ingress(RolloutWorld.CanaryIngress));
        Assert.Equal([20, 50, 100], _world.Checks.IngressWeights.Where(w => w > 0).Distinct());
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task Canary_and_stable_pods_carry_the_metadata_of_their_role()
    {
        const string Metadata = """
                  canaryMetadata:
                    labels: {role: canary}
                    annotations: {note: new-version}
                  stableMetadata:
                    labels: {role: stable}

            """;
        await _world.GivenTheSampleIsHealthyAsync(new CanarySample { CanaryExtra = Metadata });
        var stable = _world.Status.StableRS!;
        await _world.WaitUntilAsync(() => PodsOf(stable).Count == 5 && PodsOf(stable).All(p => Label(p, "role") == "stable"), "the stable pods to be labelled role=stable");

        await _world.SetImageAsync("web:1.1");
        await _world.WaitPausedAtAsync(step: 3, weight: 50);
        var canary = _world.Status.CurrentPodHash!;
        Assert.All(PodsOf(canary), p =>
        {
            Assert.Equal("canary", Label(p, "role"));
            Assert.Equal("new-version", p.Metadata.Annotations?.GetValueOrDefault("note"));
        });
        Assert.Equal(3, PodsOf(canary).Count);
        Assert.All(PodsOf(stable), p => Assert.Equal("stable", Label(p, "role")));
        var canarySet = _world.ReplicaSetOf(canary)!;
        Assert.Equal($"web-{canary}", canarySet.Metadata.Name);
        Assert.False(canarySet.Spec!.Selector!.MatchLabels!.ContainsKey("role"));

        await _world.PromoteAsync();
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS == canary, "the canary to be promoted");
        await _world.WaitUntilAsync(
            () => _world.ReplicaSetOf(canary)?.Spec?.Template?.Metadata?.Labels?.GetValueOrDefault("role") == "stable"
                  && _world.ReplicaSetOf(stable)?.Spec?.Template?.Metadata?.Labels?.ContainsKey("role") == false,
            "the new stable's template to carry role=stable and the old one's none");
        Assert.False(_world.ReplicaSetOf(canary)!.Spec!.Template!.Metadata!.Annotations?.ContainsKey("note") ?? false);
        await _world.WaitUntilAsync(
            () => PodsOf(canary) is { Count: 5 } pods && pods.All(p => Label(p, "role") == "stable" && p.Metadata.Annotations?.ContainsKey("note") != true),
            "the pods that were the canary's to carry stableMetadata instead of canaryMetadata");
        Assert.Equal(canary, _world.State.Service("web-stable")?.Spec?.Selector?[RolloutLabels.PodTemplateHash]);
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task RestartAt_replaces_every_older_pod_one_at_a_time_and_records_the_restart()
    {
        await _world.GivenTheSampleIsHealthyAsync();
        var stable = _world.Status.StableRS!;
        await _world.WaitUntilAsync(() => ReadyPods(stable).Count == 5, "five ready stable pods");
        var before = PodsOf(stable).Select(p => p.Metadata.Name).ToHashSet();
        var now = DateTimeOffset.UtcNow;
        var restartAt = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddSeconds(2);

        var at = restartAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        await _world.PatchAsync("{\"spec\":{\"restartAt\":\"" + at + "\"}}");
        var fewestReady = int.MaxValue;
        await _world.WaitForAsync(s =>
        {
            fewestReady = Math.Min(fewestReady, ReadyPods(stable).Count);
            return s.RestartedAt == restartAt;
        }, "the restart to be recorded", TimeSpan.FromSeconds(60));

        Assert.DoesNotContain(PodsOf(stable), p => before.Contains(p.Metadata.Name));
        Assert.All(PodsOf(stable), p => Assert.True(p.Metadata.CreationTimestamp >= restartAt));
        Assert.True(fewestReady >= 4, $"{fewestReady} ready pods at one point; maxUnavailable 25% allows one fewer than 5");
        // Events are recorded in the background, after the writes they tell of.
        await _world.WaitUntilAsync(() => _world.State.Events().Where(e => e.Reason == "RestartingPod").Sum(e => e.Count ?? 1) >= 5,
            "a RestartingPod event for each of the five pods");
        await _world.WaitUntilAsync(() => _world.State.Events().Any(e => e.Reason == "RolloutRestarted"), "the RolloutRestarted event");
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy, "the Rollout to be Healthy again once the last new pod is ready");
        Assert.Equal(restartAt, _world.Status.RestartedAt);
        _world.ThenNoInvariantWasBroken();
    }

    private List<Kubernetes.Models.Pod> ReadyPods(string hash) =>
        [.. PodsOf(hash).Where(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)];

    private List<Kubernetes.Models.Pod> PodsOf(string hash) =>
        [.. _world.State.Pods().Where(p => Label(p, RolloutLabels.PodTemplateHash) == hash && p.Metadata.DeletionTimestamp is null)];

    private static string? Label(Kubernetes.Models.Pod pod, string key) => pod.Metadata.Labels?.GetValueOrDefault(key);
}
